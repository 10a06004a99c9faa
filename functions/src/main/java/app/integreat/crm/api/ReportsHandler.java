package app.integreat.crm.api;

import app.integreat.crm.Services;
import app.integreat.crm.core.ReportService;
import app.integreat.crm.core.ReportService.PipelineReport;
import app.integreat.crm.core.ReportService.StageFigures;
import app.integreat.crm.model.DaysInStage;
import app.integreat.crm.model.PipelineCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports: /reports/pipeline. Reads only. */
public final class ReportsHandler extends ApiHandler {

    public ReportsHandler() {
        this(Services.fromEnvironment());
    }

    public ReportsHandler(Services services) {
        super(services);
        ReportService reports = services.reports();
        route("GET /reports/pipeline", request -> {
            Labels labels = new Labels(reports.pipeline(), request.caller().language(), services.clock());
            return Response.ok(pipeline(reports.pipeline(request.query("from"), request.query("to"), request.query("type")), labels));
        });
    }

    static Map<String, Object> pipeline(PipelineReport report, Labels labels) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", report.from().toString());
        json.put("to", report.to().toString());
        json.put("type", report.type());
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageFigures figures : report.stages()) {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("stage", figures.stage().key());
            stage.put("label", labels.stage(figures.stage().key()));
            stage.put("order", figures.stage().order());
            stage.put("closed", figures.stage().closed());
            stage.put("open", figures.open());
            stage.put("entered", figures.entered());
            stage.put("reached", figures.reached());
            stage.put("conversionToNext", figures.toNext());
            stage.put("conversionToWon", figures.toWon());
            DaysInStage.Median median = figures.median();
            stage.put("stays", median.stays());
            stage.put("medianDays", median.days());
            stage.put("medianExact", median.exact());
            List<Map<String, Object>> days = new ArrayList<>();
            for (DaysInStage.Bucket bucket : figures.days()) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("from", bucket.from());
                b.put("to", bucket.to());
                b.put("count", bucket.count());
                days.add(b);
            }
            stage.put("daysInStage", days);
            stages.add(stage);
        }
        json.put("stages", stages);
        List<Map<String, Object>> types = new ArrayList<>();
        for (ReportService.Outcomes outcome : report.types()) {
            Map<String, Object> type = outcomes(outcome);
            type.put("label", labels.type(outcome.type()));
            types.add(type);
        }
        json.put("types", types);
        json.put("total", outcomes(report.total()));
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (ReportService.LostReason reason : report.lostReasons()) {
            Map<String, Object> r = new LinkedHashMap<>();
            boolean other = reason.key().equals(PipelineCounts.OTHER_REASON);
            r.put("key", other ? "other" : reason.key());
            r.put("reason", other ? ("en".equals(labels.language()) ? "Other reasons" : "Sonstige Gründe") : reason.text());
            r.put("count", reason.count());
            reasons.add(r);
        }
        json.put("lostReasons", reasons);
        List<Map<String, Object>> quarters = new ArrayList<>();
        for (ReportService.Quarter quarter : report.quarters()) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("quarter", quarter.quarter());
            q.put("created", quarter.created());
            q.put("won", quarter.won());
            q.put("lost", quarter.lost());
            q.put("reopened", quarter.reopened());
            quarters.add(q);
        }
        json.put("quarters", quarters);
        return json;
    }

    private static Map<String, Object> outcomes(ReportService.Outcomes outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (outcome.type() != null) {
            json.put("type", outcome.type());
        }
        json.put("won", outcome.won());
        json.put("lost", outcome.lost());
        json.put("winRate", outcome.winRate());
        return json;
    }
}
