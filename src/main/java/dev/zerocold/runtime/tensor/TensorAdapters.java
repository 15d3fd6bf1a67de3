package dev.zerocold.runtime.tensor;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The {@link TensorAdapter} of every task that has one. */
@ApplicationScoped
public class TensorAdapters {

    private final Map<Task, TensorAdapter> byTask = new EnumMap<>(Task.class);

    public TensorAdapters(Instance<TensorAdapter> all) {
        for (TensorAdapter adapter : all) {
            if (byTask.put(adapter.task(), adapter) != null) {
                throw new IllegalStateException("two tensor adapters for task " + adapter.task().id());
            }
        }
    }

    /** The adapter of a served version's task; a 400 for a task that has none. */
    public TensorAdapter of(ServedModel<?, ?> served) {
        TensorAdapter adapter = byTask.get(served.task());
        if (adapter == null) {
            throw new InvalidInputException("models of task '" + served.task().id() + "' are not served by tensors",
                    served.key().name(), served.key().version());
        }
        return adapter;
    }

    /** What a served version takes and returns as tensors, if its task has an adapter. */
    public Optional<TensorMetadata> find(ServedModel<?, ?> served) {
        TensorAdapter adapter = byTask.get(served.task());
        return adapter == null ? Optional.empty() : Optional.of(adapter.metadata(served));
    }

    /** What a served version takes and returns as tensors. */
    public TensorMetadata metadata(ServedModel<?, ?> served) {
        return of(served).metadata(served);
    }
}
