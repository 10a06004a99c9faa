package app.integreat.crm.store;

import app.integreat.crm.core.CrmException;
import app.integreat.crm.core.Member;
import app.integreat.crm.core.Page;
import app.integreat.crm.core.PageRequest;
import app.integreat.crm.core.SearchText;
import app.integreat.crm.store.Writes.Condition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Members are kept twice, written together: under their id, and under their email (the login item),
 * so that resolving the caller of a request is one GetItem.
 */
public final class MemberStore {
    private final Table table;
    private final Writes writes;

    public MemberStore(Table table) {
        this.table = table;
        this.writes = new Writes(table.name());
    }

    public Optional<Member> byEmail(String email) {
        return table.get(Keys.login(email), Keys.LOGIN_SK).map(Items::member);
    }

    public Optional<Member> byId(String id) {
        return table.get(Keys.member(id), Keys.MEMBER_SK).map(Items::member);
    }

    /** Creates the member; false when a member with this email already exists. */
    public boolean create(Member member) {
        try {
            table.transact(List.of(
                    writes.put(memberItem(member), Condition.notExists()),
                    writes.put(loginItem(member), Condition.notExists())));
            return true;
        } catch (Table.TransactionFailed e) {
            if (e.failed(1)) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces the member if it still has {@code expectedVersion}; else 404 or 412. */
    public void update(Member member, long expectedVersion) {
        try {
            table.transact(List.of(
                    writes.put(memberItem(member), Condition.version(expectedVersion)),
                    writes.put(loginItem(member), Condition.version(expectedVersion))));
        } catch (Table.TransactionFailed e) {
            if (byId(member.id()).isEmpty()) {
                throw CrmException.notFound("Member", member.id());
            }
            throw CrmException.stale("member");
        }
    }

    public Page<Member> list(PageRequest page) {
        return table.queryPage(Table.KeyQuery.partition(Keys.GSI1, Keys.GSI1_PK, Keys.MEMBERS), page, item -> true, Items::member);
    }

    private static Map<String, AttributeValue> memberItem(Member member) {
        Map<String, AttributeValue> item = Items.withKeys(Items.memberFields(member), Keys.member(member.id()), Keys.MEMBER_SK);
        item.put(Keys.GSI1_PK, Attrs.s(Keys.MEMBERS));
        item.put(Keys.GSI1_SK, Attrs.s(Keys.byName(SearchText.normalize(member.name()), member.id())));
        return item;
    }

    private static Map<String, AttributeValue> loginItem(Member member) {
        return Items.withKeys(Items.memberFields(member), Keys.login(member.email()), Keys.LOGIN_SK);
    }
}
