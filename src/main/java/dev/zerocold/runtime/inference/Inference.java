package dev.zerocold.runtime.inference;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.registry.ModelLifecycle;
import dev.zerocold.runtime.registry.ModelVersion;
import dev.zerocold.runtime.registry.VersionResolver;
import dev.zerocold.runtime.serving.Futures;
import dev.zerocold.runtime.serving.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one entry point of every prediction, whatever the protocol (task endpoints, batch,
 * {@code /predict/{name}}, the Open Inference Protocol): the version is resolved once per request
 * (named, or by the model's traffic split and the routing key, or the default), then the request
 * waits, without blocking, for that version's serving layer ({@link ServedModel}: readiness, cache,
 * queue). Protocol adapters convert the wire to model inputs, submit them to the served version and
 * convert the outputs back. Thread-safe.
 */
@ApplicationScoped
public class Inference {

    private final VersionResolver resolver;
    private final ModelLifecycle lifecycle;
    private final ItemLimits limits;

    public Inference(VersionResolver resolver, ModelLifecycle lifecycle, ItemLimits limits) {
        this.resolver = resolver;
        this.lifecycle = lifecycle;
        this.limits = limits;
    }

    /**
     * The served version for a request of any task: its serving layer once READY. Failures come
     * through the future: {@link ModelNotFoundException} (404), {@link ModelNotReadyException} (503).
     *
     * @param version    null for the traffic split or the default version
     * @param routingKey null: a weighted random choice under a split
     */
    public CompletableFuture<ServedModel<?, ?>> serve(String name, String version, String routingKey) {
        try {
            return lifecycle.whenReady(resolver.resolve(name, version, routingKey));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@link #serve(String, String, String)} for an endpoint of one task, typed by its signature; a
     * model of another task is a 400 before anything loads.
     */
    public <I, O> CompletableFuture<ServedModel<I, O>> serve(Task task, Signature<I, O> signature, String name,
                                                           String version, String routingKey) {
        ModelVersion chosen;
        try {
            chosen = resolver.resolve(name, version, routingKey);
            Task served = chosen.config().map(ModelConfig::task).orElse(task);
            if (served != task) {
                throw new InvalidInputException("model '" + name + "' serves task '" + served.id() + "', not '"
                        + task.id() + "'", name, chosen.key().version());
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lifecycle.whenReady(chosen).thenApply(served -> served.as(signature));
    }

    /**
     * {@link #serve(Task, Signature, String, String, String)} for work outside a request's event loop
     * (e.g. the recommender's interactions and retraining): waits, then returns or throws.
     */
    public <I, O> ServedModel<I, O> serveNow(Task task, Signature<I, O> signature, String name, String version) {
        try {
            return serve(task, signature, name, version, null).join();
        } catch (CompletionException e) {
            throw Futures.unwrap(e) instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Checks how many items one request carries: at least one, at most {@code zerocold.batch.max-items}
     * (else 413).
     *
     * @param field how errors name the items, e.g. {@code texts}
     */
    public void checkItems(long items, String field) {
        if (items == 0) {
            throw new InvalidInputException(field + " must not be empty");
        }
        if (items > limits.maxItems()) {
            throw new PayloadTooLargeException(items + " items in " + field + "; at most " + limits.maxItems()
                    + " are accepted in one request (zerocold.batch.max-items)");
        }
    }
}
