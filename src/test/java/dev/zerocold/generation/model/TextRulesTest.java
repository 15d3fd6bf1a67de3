package dev.zerocold.generation.model;

import dev.zerocold.runtime.text.DecoderTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming detokenisation, stop strings and sampling, on tinygpt's byte-level tokenizer. */
class TextRulesTest {

    private static DecoderTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = DecoderTokenizer.of(Files.readAllBytes(Path.of("models/tinygpt/1/tokenizer.json")));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void deltasNeverSplitACharacterAndAddUpToTheText() {
        String text = "naïve “quotes” — 🙂 über café 日本語 done";
        long[] ids = tokenizer.encode(text, false);
        assertTrue(ids.length > text.codePointCount(0, text.length()) / 2, "multi-byte characters span tokens");
        TextDeltas deltas = new TextDeltas(tokenizer);
        StringBuilder out = new StringBuilder();
        for (long id : ids) {
            String delta = deltas.add(id);
            assertFalse(delta.contains("\uFFFD"), "half a character: " + delta);
            out.append(delta);
        }
        out.append(deltas.flush());
        assertEquals(text, out.toString());
    }

    @Test
    void theEndOfTextTokenWritesNothing() {
        TextDeltas deltas = new TextDeltas(tokenizer);
        long eot = tokenizer.addedToken("<|endoftext|>").orElseThrow();
        StringBuilder out = new StringBuilder();
        for (long id : tokenizer.encode("Hello", false)) {
            out.append(deltas.add(id));
        }
        out.append(deltas.add(eot)).append(deltas.flush());
        assertEquals("Hello", out.toString());
    }

    @Test
    void stopStringsAreFoundAcrossPiecesAndHeldBackOnlyWhileTheyMightStart() {
        StopStrings stops = new StopStrings(List.of("END", "\n\n"));
        assertEquals("abc ", stops.add("abc E"));
        assertEquals("", stops.add("N"));
        assertEquals("ENx ", stops.add("x "), "ENx is no stop: released");
        assertEquals("tail", stops.add("tail\n"), "one newline could start a stop: held back");
        assertFalse(stops.stopped());
        assertEquals("\nmore ", stops.add("more E"), "the newline is released once it cannot start a stop");
    }

    @Test
    void aStopStringEndsTheTextAndDropsItself() {
        StopStrings stops = new StopStrings(List.of("END"));
        StringBuilder out = new StringBuilder();
        for (String piece : List.of("one E", "N", "D two")) {
            out.append(stops.add(piece));
        }
        assertTrue(stops.stopped());
        assertEquals("one ", out.toString());
        assertEquals("", stops.flush());
        StopStrings none = new StopStrings(List.of("END"));
        assertEquals("one ", none.add("one E"));
        assertEquals("E", none.flush(), "what was held back comes out at the end");
    }

    @Test
    void greedyTakesTheLargestLogitAndSeedsRepeat() {
        float[] logits = {0.1f, 3f, 2.9f, -1f};
        assertEquals(1, new Sampler(SamplingParams.GREEDY).next(logits.clone(), 0, 4));
        SamplingParams warm = new SamplingParams(1.5, 1, 0, 42L, 0, 0, Map.of());
        List<Integer> first = draws(warm, 200);
        assertEquals(first, draws(warm, 200));
        assertNotEquals(first, draws(new SamplingParams(1.5, 1, 0, 43L, 0, 0, Map.of()), 200));
        assertTrue(first.contains(0) && first.contains(2), "sampling reaches other tokens: " + first);
    }

    @Test
    void topKAndTopPKeepOnlyTheMostLikelyTokens() {
        assertTrue(draws(new SamplingParams(2, 1, 1, 1L, 0, 0, Map.of()), 100).stream().allMatch(t -> t == 1), "top_k 1");
        assertTrue(draws(new SamplingParams(2, 1, 2, 1L, 0, 0, Map.of()), 200).stream().allMatch(t -> t == 1 || t == 2),
                "top_k 2");
        List<Integer> nucleus = draws(new SamplingParams(1, 0.5, 0, 1L, 0, 0, Map.of()), 200);
        assertTrue(nucleus.stream().allMatch(t -> t == 1 || t == 2), "top_p 0.5: " + nucleus);
    }

    @Test
    void penaltiesAndBiasMoveTheChoice() {
        Sampler repeated = new Sampler(new SamplingParams(0, 1, 0, null, 0, 0.5, Map.of()));
        float[] logits = {0.1f, 3f, 2.9f, -1f};
        assertEquals(1, repeated.next(logits.clone(), 0, 4));
        assertEquals(2, repeated.next(logits.clone(), 0, 4), "presence penalty moves off the token already used");
        assertEquals(3, new Sampler(new SamplingParams(0, 1, 0, null, 0, 0, Map.of(3, 100f))).next(logits.clone(), 0, 4));
    }

    private static List<Integer> draws(SamplingParams params, int n) {
        Sampler sampler = new Sampler(params);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(sampler.next(new float[] {0.1f, 3f, 2.9f, -1f}, 0, 4));
        }
        return out;
    }
}
