package dev.zerocold.runtime.tensor;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The {@link TaskTensors} of every task that has one. */
@ApplicationScoped
public class TensorFaces {

    private final Map<Task, TaskTensors> byTask = new EnumMap<>(Task.class);

    public TensorFaces(Instance<TaskTensors> all) {
        for (TaskTensors tensors : all) {
            if (byTask.put(tensors.task(), tensors) != null) {
                throw new IllegalStateException("two tensor faces for task " + tensors.task().id());
            }
        }
    }

    /** The face of a task; a 400 for a task that has none. */
    public TaskTensors of(Task task) {
        TaskTensors tensors = byTask.get(task);
        if (tensors == null) {
            throw new InvalidInputException("models of task '" + task.id() + "' are not served by tensors");
        }
        return tensors;
    }

    /** What a version takes and returns, once it is READY. */
    public Optional<TensorFace> face(ModelVersion version) {
        if (version.status() != ModelStatus.READY) {
            return Optional.empty();
        }
        try {
            return version.config().map(ModelConfig::task).map(byTask::get).map(tensors -> tensors.face(version));
        } catch (ModelNotReadyException | IllegalStateException e) {  // unloaded meanwhile
            return Optional.empty();
        }
    }
}
