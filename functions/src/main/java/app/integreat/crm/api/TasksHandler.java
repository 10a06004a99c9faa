package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.model.Task;
import java.util.Map;

/** Tasks: /tasks, /tasks/{id}, completing and reopening, and the vacation handover. */
public final class TasksHandler extends ApiHandler {

    public TasksHandler() {
        this(Services.fromEnvironment());
    }

    public TasksHandler(Services services) {
        super(services);
        route("GET /tasks", request -> Response.ok(Representations.page(
                services.tasks().list(request.caller(), request.query("assignee"), request.query("status"),
                        request.query("dueBefore"), request.query("accountId"), request.page()),
                Representations::task)));
        route("POST /tasks", request -> {
            Task task = services.tasks().create(request.caller(), request.body());
            return Response.created(Representations.task(task), "/tasks/" + task.id(), task.version());
        });
        route("GET /tasks/{id}", request -> record(services.tasks().get(request.id("Task"))));
        route("PATCH /tasks/{id}", request -> {
            String id = request.id("Task");
            return record(services.tasks().update(id, request.requiredVersion(), request.body()));
        });
        route("DELETE /tasks/{id}", request -> {
            services.tasks().delete(request.id("Task"), request.requiredVersion());
            return Response.noContent();
        });
        route("POST /tasks/{id}/complete", request -> {
            String id = request.id("Task");
            return record(services.tasks().complete(id, optionalVersion(request)));
        });
        route("POST /tasks/{id}/reopen", request -> {
            String id = request.id("Task");
            return record(services.tasks().reopen(id, optionalVersion(request), request.optionalBody()));
        });
        route("POST /tasks/handover", request ->
                Response.ok(Map.of("moved", services.tasks().handover(request.caller(), request.body()))));
    }

    private static Response record(Task task) {
        return Response.record(Representations.task(task), task.version());
    }

    /** Completing and reopening are idempotent state changes: If-Match is checked when sent, not required. */
    private static Long optionalVersion(ApiRequest request) {
        String ifMatch = request.header("if-match");
        return ifMatch == null || ifMatch.isBlank() ? null : request.requiredVersion();
    }
}
