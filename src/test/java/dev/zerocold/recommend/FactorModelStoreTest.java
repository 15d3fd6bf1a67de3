package dev.zerocold.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactorModelStoreTest {

    @TempDir
    Path dir;

    @Test
    void modelRoundTrips() throws IOException {
        FactorModel model = TinyModels.tiny();
        FactorModelStore.write(model, dir);
        FactorModel read = FactorModelStore.read(dir);

        assertEquals(model.settings(), read.settings());
        assertEquals(model.items(), read.items());
        assertArrayEquals(model.userFactors(), read.userFactors());
        assertArrayEquals(model.itemFactors(), read.itemFactors());
        assertEquals(model.userCount(), read.userCount());
        for (int u = 0; u < model.userCount(); u++) {
            assertEquals(model.userId(u), read.userId(u));
            assertArrayEquals(model.history(u).items(), read.history(u).items());
            assertArrayEquals(model.history(u).strengths(), read.history(u).strengths());
        }
        assertEquals(16 + 6 * 2 * 4, Files.size(dir.resolve("item_factors.bin")));
    }

    @Test
    void modelCardNamesTaskAndSettings() throws IOException {
        FactorModelStore.write(TinyModels.tiny(), dir);
        ModelConfig card = FactorModelStore.readCard(dir);
        assertEquals(Framework.JAVA, card.framework());
        assertEquals(Task.RECOMMEND, card.task());
        assertEquals(TinyModels.SETTINGS, ModelCard.settings(card));
        String yaml = Files.readString(dir.resolve("model.yaml"));
        assertEquals(true, yaml.contains("regularization: 0.5"), yaml);
        assertEquals(true, yaml.contains("strength: binary"), yaml);
    }

    @Test
    void reportRoundTrips() throws IOException {
        EvaluationReport report = new EvaluationReport(EvaluationReport.PROTOCOL, 10, 80, new Metrics(0.1, 0.2, 0.3, 5),
                new Metrics(0.01, 0.02, 0.03, 5), 10.0, 1.5);
        FactorModelStore.writeReport(report, dir);
        assertEquals(report, FactorModelStore.readReport(dir));
        assertEquals(true, Files.readString(dir.resolve("metrics.json")).contains("\"ndcg_lift\""));
    }

    @Test
    void rejectsCorruptFactorFiles() throws IOException {
        assertRejectedWhenTruncatedOrChanged("item_factors.bin", 0, (byte) 'X');  // bad magic
    }

    @Test
    void rejectsACorruptUsersFile() throws IOException {
        // The first history would start past the start of the second.
        assertRejectedWhenTruncatedOrChanged("users.bin", 16 + 4 * TinyModels.tiny().userCount(), (byte) 9);
    }

    private void assertRejectedWhenTruncatedOrChanged(String name, int index, byte value) throws IOException {
        FactorModelStore.write(TinyModels.tiny(), dir);
        Path file = dir.resolve(name);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        assertThrows(IOException.class, () -> FactorModelStore.read(dir), name + " truncated");
        bytes[index] = value;
        Files.write(file, bytes);
        assertThrows(IOException.class, () -> FactorModelStore.read(dir), name + " changed at byte " + index);
    }

    @Test
    void readsTheTextUsersFileOfOlderModelDirectories() throws IOException {
        FactorModel model = TinyModels.tiny();
        FactorModelStore.write(model, dir);
        Files.delete(dir.resolve("users.bin"));
        StringBuilder tsv = new StringBuilder("user_id\thistory\n");
        for (int u = 0; u < model.userCount(); u++) {
            tsv.append(model.userId(u)).append('\t');
            int[] items = model.history(u).items();
            float[] strengths = model.history(u).strengths();
            for (int n = 0; n < items.length; n++) {
                tsv.append(n == 0 ? "" : " ").append(model.item(items[n]).id()).append(':').append(strengths[n]);
            }
            tsv.append('\n');
        }
        Files.writeString(dir.resolve("users.tsv"), tsv);
        FactorModel read = FactorModelStore.read(dir);
        for (int u = 0; u < model.userCount(); u++) {
            assertEquals(model.userId(u), read.userId(u));
            assertArrayEquals(model.history(u).items(), read.history(u).items());
            assertArrayEquals(model.history(u).strengths(), read.history(u).strengths());
        }
    }

    @Test
    void rejectsTabsInTitles() {
        FactorModel model = new FactorModel(TinyModels.SETTINGS, new int[0], new float[0], List.of(),
                List.of(new Item(1, "a\tb", List.of(), 0)), new float[2]);
        assertThrows(IllegalArgumentException.class, () -> FactorModelStore.write(model, dir));
    }
}
