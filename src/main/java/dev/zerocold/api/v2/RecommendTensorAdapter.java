package dev.zerocold.api.v2;

import dev.zerocold.recommend.ScoredItem;
import dev.zerocold.recommend.service.RecommendQuery;
import dev.zerocold.recommend.service.RecommendService;
import dev.zerocold.recommend.service.RecommenderModel;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.recommend.service.Recommendations;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.tensor.DataType;
import dev.zerocold.runtime.tensor.TensorAdapter;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorMetadata;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Recommenders as tensors: {@code user_id} BYTES [N] in (the one input the metadata declares, so a
 * generic client that fills every listed input is answered), and optionally {@code limit} INT32 [1];
 * {@code item_ids} BYTES [N, k] and {@code scores} FP32 [N, k] out, best first, k the longest list
 * (a user with fewer recommendations has its row padded with "" and 0). Seen items are left out and
 * recent interactions folded in, as on the task endpoint.
 */
@Singleton
public class RecommendTensorAdapter implements TensorAdapter {

    static final String USER_ID = "user_id";
    static final String LIMIT = "limit";
    private static final List<TensorSpec> OUTPUTS = List.of(new TensorSpec("item_ids", "BYTES", List.of(-1L, -1L)),
            new TensorSpec("scores", "FP32", List.of(-1L, -1L)));
    private static final TensorSpec USERS = new TensorSpec(USER_ID, "BYTES", List.of(-1L));
    /** What the metadata declares. */
    private static final TensorMetadata METADATA = new TensorMetadata(List.of(USERS), OUTPUTS);
    /** What a request may send: the declared input and the optional limit. */
    private static final TensorMetadata ACCEPTED = new TensorMetadata(
            List.of(USERS, new TensorSpec(LIMIT, "INT32", List.of(1L))), OUTPUTS);

    private final RecommendService recommend;

    public RecommendTensorAdapter(RecommendService recommend) {
        this.recommend = recommend;
    }

    @Override
    public Task task() {
        return Task.RECOMMEND;
    }

    @Override
    public TensorMetadata metadata(ServedModel<?, ?> served) {
        return METADATA;
    }

    @Override
    public CompletableFuture<List<Tensor>> infer(ServedModel<?, ?> served, List<Tensor> inputs) {
        ServedModel<RecommendQuery, Recommendations> typed = served.as(RecommenderModel.SIGNATURE);
        Map<String, Tensor> given = ACCEPTED.check(inputs);
        Tensor users = TensorMetadata.required(given, USER_ID);
        Integer limit = given.containsKey(LIMIT) ? given.get(LIMIT).ints()[0] : null;
        return recommend.recommendAll(typed, Arrays.asList(users.strings()), USER_ID, null, limit, true)
                .thenApply(RecommendTensorAdapter::outputs);
    }

    private static List<Tensor> outputs(List<Recommendations> all) {
        int k = all.stream().mapToInt(r -> r.items().size()).max().orElse(0);
        String[] items = new String[all.size() * k];
        float[] scores = new float[all.size() * k];
        Arrays.fill(items, "");
        for (int row = 0; row < all.size(); row++) {
            List<ScoredItem> ranked = all.get(row).items();
            for (int j = 0; j < ranked.size(); j++) {
                items[row * k + j] = Integer.toString(ranked.get(j).item().id());
                scores[row * k + j] = (float) ranked.get(j).score();
            }
        }
        long[] shape = {all.size(), k};
        return List.of(new Tensor("item_ids", DataType.BYTES, shape, items),
                new Tensor("scores", DataType.FP32, shape.clone(), scores));
    }
}
