package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.Account;
import app.integreat.crm.model.AccountDetail;

/** Accounts: /accounts and /accounts/{id}. */
public final class AccountsHandler extends ApiHandler {

    public AccountsHandler() {
        this(Services.fromEnvironment());
    }

    public AccountsHandler(Services services) {
        super(services);
        route("GET /accounts", request -> Response.ok(Representations.page(
                services.accounts().list(request.query("type"), request.query("q"), request.page()),
                Representations::account)));
        route("GET /accounts/duplicates", request -> Response.ok(Representations.duplicates(
                services.accounts().duplicates(request.page()))));
        route("POST /accounts", request -> {
            Account account = services.accounts().create(request.body());
            return Response.created(Representations.account(account), "/accounts/" + account.id(), account.version());
        });
        route("GET /accounts/{id}", request -> {
            AccountDetail detail = services.accounts().detail(request.id("Account"));
            Labels labels = new Labels(services.opportunities().pipeline(), request.caller().language(), services.clock());
            return Response.record(Representations.accountDetail(detail, labels), detail.account().version());
        });
        route("GET /accounts/{id}/timeline", request -> Response.ok(Representations.page(
                services.timeline().ofAccount(request.id("Account"), request.page()), Representations::timelineEntry)));
        route("GET /accounts/{id}/files", request -> Files.list(services, services.files().ofAccount(request.id("Account"))));
        route("PATCH /accounts/{id}", request -> {
            String id = request.id("Account");
            Account account = services.accounts().update(id, request.requiredVersion(), request.body());
            return Response.record(Representations.account(account), account.version());
        });
        // merging duplicates (docs/api.md, "Merges"); GET /merges/{id} and the undo: ContactsHandler
        route("POST /accounts/{id}/merge", request -> {
            String id = request.id("Account");
            long version = request.requiredVersion();
            var result = services.merges().mergeAccounts(request.caller(), id, version, request.body());
            java.util.Map<String, Object> json = Representations.mergeAnswer(result, "account",
                    result.account() == null ? null : Representations.account(result.account()));
            return result.account() == null ? Response.ok(json) : Response.record(json, result.account().version());
        });
        route("DELETE /accounts/{id}", request -> {
            services.accounts().delete(request.id("Account"), request.requiredVersion());
            return Response.noContent();
        });
    }
}
