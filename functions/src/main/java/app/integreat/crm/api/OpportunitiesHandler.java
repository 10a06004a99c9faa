package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.Opportunity;
import app.integreat.crm.core.OpportunityService;

/** Opportunities and the pipeline: /opportunities…, /pipeline… */
public final class OpportunitiesHandler extends ApiHandler {

    public OpportunitiesHandler() {
        this(Services.fromEnvironment());
    }

    public OpportunitiesHandler(Services services) {
        super(services);
        OpportunityService opportunities = services.opportunities();
        route("GET /opportunities", request -> {
            Labels labels = labels(opportunities, request);
            return Response.ok(Representations.page(opportunities.list(request.query("stage"), request.query("type"),
                    request.query("accountId"), request.query("ownerId"), request.query("open"), request.page()),
                    o -> Representations.opportunity(o, labels, false)));
        });
        route("POST /opportunities", request -> {
            Opportunity created = opportunities.create(request.caller(), request.body());
            return Response.created(Representations.opportunity(created, labels(opportunities, request), true),
                    "/opportunities/" + created.id(), created.version());
        });
        route("GET /opportunities/{id}", request -> {
            Opportunity opportunity = opportunities.get(request.id("Opportunity"));
            return Response.record(Representations.opportunity(opportunity, labels(opportunities, request), true), opportunity.version());
        });
        route("GET /opportunities/{id}/history", request -> {
            Labels labels = labels(opportunities, request);
            return Response.ok(Representations.page(opportunities.history(request.id("Opportunity"), request.page()),
                    change -> Representations.stageChange(change, labels)));
        });
        route("PATCH /opportunities/{id}", request -> {
            String id = request.id("Opportunity");
            Opportunity updated = opportunities.update(id, request.requiredVersion(), request.body());
            return Response.record(Representations.opportunity(updated, labels(opportunities, request), true), updated.version());
        });
        route("DELETE /opportunities/{id}", request -> {
            opportunities.delete(request.id("Opportunity"), request.requiredVersion());
            return Response.noContent();
        });
        route("POST /opportunities/{id}/stage", request -> {
            String id = request.id("Opportunity");
            Opportunity changed = opportunities.changeStage(request.caller(), id, request.requiredVersion(), request.body());
            return Response.record(Representations.opportunity(changed, labels(opportunities, request), true), changed.version());
        });
        route("POST /opportunities/{id}/snooze", request -> {
            String id = request.id("Opportunity");
            Opportunity snoozed = opportunities.snooze(request.caller(), id, request.requiredVersion(), request.body());
            return Response.record(Representations.opportunity(snoozed, labels(opportunities, request), true), snoozed.version());
        });
        route("DELETE /opportunities/{id}/snooze", request -> {
            String id = request.id("Opportunity");
            Opportunity woken = opportunities.unsnooze(id, request.requiredVersion());
            return Response.record(Representations.opportunity(woken, labels(opportunities, request), true), woken.version());
        });
        route("GET /pipeline", request -> Response.ok(Representations.board(opportunities.board(), labels(opportunities, request))));
        route("GET /pipeline/definition", request -> Response.ok(opportunities.pipeline().describe()));
        route("GET /pipeline/municipalities", request -> {
            Labels labels = labels(opportunities, request);
            return Response.ok(Representations.page(opportunities.municipalities(request.page()),
                    view -> Representations.municipality(view, labels)));
        });
    }

    private static Labels labels(OpportunityService opportunities, ApiRequest request) {
        return new Labels(opportunities.pipeline(), request.caller().language(), opportunities.clock());
    }
}
