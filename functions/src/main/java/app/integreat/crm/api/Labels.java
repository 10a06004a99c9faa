package app.integreat.crm.api;

import app.integreat.crm.model.Pipeline;
import java.time.Clock;

/** What a representation of pipeline data needs: the definition's labels in the caller's language, and now. */
record Labels(Pipeline pipeline, String language, Clock clock) {

    String stage(String key) {
        return pipeline.stage(key).map(stage -> stage.label(language)).orElse(key);
    }

    String type(String key) {
        return pipeline.type(key).map(type -> type.label(language)).orElse(key);
    }

    boolean open(String stage) {
        return pipeline.stage(stage).map(Pipeline.Stage::open).orElse(false);
    }
}
