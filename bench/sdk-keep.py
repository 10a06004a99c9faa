#!/usr/bin/env python3
"""Which model classes of the AWS SDK service modules the deployment jar keeps.

The SDK's service jars hold a model class for every shape of every operation; the CRM calls a
handful. The HotSpot verifier loads the top-level *Request class of every operation when it links
the generated client, so those always stay; a response, the request's builder and every other shape
is loaded only when its operation runs. This script keeps, per service: every *Request and *Exception
class, the operations named in OPERATIONS below, the model classes that the exceptions and the
non-model classes of the sync client name (interceptors, presigner, endpoint rules, waiters), and
everything those reach, transitively. It writes the shade <filter> elements for functions/pom.xml.

Usage, after changing OPERATIONS or aws.sdk.version in pom.xml (V is that version; the jars are in the
local Maven repository once the project has been built):
  R=~/.m2/repository/software/amazon/awssdk V=2.57.8
  bench/sdk-keep.py --pom functions/pom.xml $R/s3/$V/s3-$V.jar $R/sesv2/$V/sesv2-$V.jar $R/dynamodb/$V/dynamodb-$V.jar \
      $R/sqs/$V/sqs-$V.jar
(CloudFormation, for the import's --aws --stack NAME, is the local runner's own dependency in
local/pom.xml, untrimmed: it is never deployed.)
"""
import re
import sys
import zipfile

# The operations the CRM (functions and local runner) calls; add one here when code starts using it.
OPERATIONS = {
    "s3": ["GetObject", "PutObject", "HeadObject", "DeleteObject", "DeleteObjects", "CopyObject",
           "ListObjectsV2", "CreateBucket", "HeadBucket", "DeleteBucket", "ListBuckets",
           "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload",
           "GetObjectTagging", "PutObjectTagging", "PutBucketNotificationConfiguration"],
    "sesv2": ["SendEmail", "SendBulkEmail", "GetAccount", "CreateEmailIdentity", "GetEmailIdentity",
              "ListEmailIdentities", "DeleteEmailIdentity", "CreateEmailTemplate", "GetEmailTemplate",
              "DeleteEmailTemplate", "UpdateEmailTemplate", "PutAccountSendingAttributes"],
    "dynamodb": ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
                 "BatchWriteItem", "TransactGetItems", "TransactWriteItems", "CreateTable", "DescribeTable",
                 "DeleteTable", "ListTables", "UpdateTable", "UpdateTimeToLive", "DescribeTimeToLive",
                 "DescribeEndpoints", "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"],
    # the background-work queue: the functions send; the local runner creates the queues from the template,
    # polls them as Lambda's event source mapping would and asks whether they are drained
    "sqs": ["SendMessage", "CreateQueue", "GetQueueUrl", "GetQueueAttributes", "ReceiveMessage", "DeleteMessage",
            "DeleteQueue"],
}
# Non-model classes whose references are not roots: they name every operation.
# (the async client, multipart and CRT support are the async client's; the sync client never loads them;
# a waiter builds the matchers of all its waits when it is created, so waiters are roots)
NOT_ROOTS = re.compile(r"(Client(Builder)?$|^Delegating|Async|^paginators/|^transform/|^jmespath/"
                       r"|^internal/multipart/|^internal/crt/|^crt/)")


def filters(path):
    """The shade <filter> of one service jar, as lines; prints what it drops to stderr."""
    jar = zipfile.ZipFile(path)
    svc = next(n.split("/")[4] for n in jar.namelist()
               if n.startswith("software/amazon/awssdk/services/") and n.endswith(".class"))
    prefix = f"software/amazon/awssdk/services/{svc}/"
    model_ref = re.compile(rb"software/amazon/awssdk/services/" + svc.encode() + rb"/model/([A-Za-z0-9_]+)")
    classes = {n[len(prefix):-6]: n for n in jar.namelist() if n.startswith(prefix) and n.endswith(".class")}

    def top(name):
        return name.split("$")[0]

    # which model classes each top-level class (with its nested classes) names in its constant pool
    refs = {}
    for rel, name in classes.items():
        refs.setdefault(top(rel), set()).update(m.decode() for m in model_ref.findall(jar.read(name)))
    ops = OPERATIONS[svc]

    def is_op_request(name):
        # an operation's request has a marshaller; a shape whose name ends in Request (WriteRequest) has none
        return f"transform/{name}Marshaller" in refs

    roots = set()
    for rel in {top(r) for r in classes}:
        if not rel.startswith("model/") and not NOT_ROOTS.search(rel):
            roots |= refs.get(rel, set())
    # modeled exceptions are built when a response names them (TransactionCanceledException and its reasons)
    roots |= {r[6:] for r in refs if r.startswith("model/") and r.endswith("Exception")}
    roots |= {f"{op}{kind}" for op in ops for kind in ("Request", "Response")}
    base = {"dynamodb": "DynamoDb", "sesv2": "SesV2", "s3": "S3", "sqs": "Sqs"}[svc]
    roots |= {f"{base}Request", f"{base}Response", f"{base}Exception", f"{base}ResponseMetadata"}
    keep, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in keep or f"model/{name}" not in refs:
            continue
        keep.add(name)
        if is_op_request(name) and name[:-7] not in ops:
            continue  # another operation's request: it stays anyway, and what it reaches is not needed
        todo.extend(refs[f"model/{name}"])

    dropped = sum(jar.getinfo(classes[r]).compress_size for r in classes
                  if r.startswith("model/") and top(r)[6:] not in keep
                  and not (top(r) == r and (r.endswith("Request") or r.endswith("Exception"))))
    print(f"{svc}: keeps {len(keep)} model classes besides the operations' requests; drops {dropped / 1e6:.2f} MB "
          "compressed", file=sys.stderr)

    include = "                    <include>{}</include>".format
    lines = ["                <filter>", f"                  <artifact>software.amazon.awssdk:{svc}</artifact>",
             "                  <includes>", include("META-INF/**")]
    for sub in sorted({top(r).split("/")[0] for r in classes if "/" in r} - {"model", "streams"}):  # no Streams client
        lines.append(include(f"{prefix}{sub}/**"))
    lines += [include(f"{prefix}*"), include(f"{prefix}model/*Request.class"), include(f"{prefix}model/*Exception.class"),
              include(f"{prefix}model/*Exception$*.class")]
    for name in sorted(keep):
        if name.endswith("Exception") or (is_op_request(name) and name[:-7] not in ops):
            continue  # covered above; another operation's request needs no builder
        if not is_op_request(name):
            lines.append(include(f"{prefix}model/{name}.class"))
        lines.append(include(f"{prefix}model/{name}$*.class"))
    lines += ["                  </includes>", "                </filter>"]
    return lines


if __name__ == "__main__":
    # with --pom FILE: rewrite the filters between the markers in FILE, else print them
    args = sys.argv[1:]
    pom = args[args.index("--pom") + 1] if "--pom" in args else None
    generated = "\n".join(line for jar in args if jar.endswith(".jar") for line in filters(jar))
    if pom is None:
        print(generated)
    else:
        text = open(pom).read()
        begin, end = "<!-- BEGIN generated by bench/sdk-keep.py -->", "<!-- END generated by bench/sdk-keep.py -->"
        head, rest = text.split(begin)
        _, tail = rest.split(end)
        open(pom, "w").write(head + begin + "\n" + generated + "\n                " + end + tail)
