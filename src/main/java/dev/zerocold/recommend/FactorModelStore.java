package dev.zerocold.recommend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelYaml;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes a {@link FactorModel} as a model directory:
 * <ul>
 *   <li>{@code user_factors.bin}, {@code item_factors.bin}: header of four little-endian int32
 *       ({@code 0x5A434D46} "ZCMF", format version 1, rows, columns) followed by rows x columns
 *       little-endian float32, row-major;</li>
 *   <li>{@code items.tsv}: {@code item_id, title, genres ('|'-joined), popularity} in index order;</li>
 *   <li>{@code users.bin}: the users and their training interactions, read in bulk at every start:
 *       header of four little-endian int32 ({@code 0x5A434D55} "ZCMU", format version 1, users,
 *       interactions), then little-endian int32 user ids (index order), int32 history offsets
 *       (users + 1), int32 item indices and float32 strengths (interactions each). Directories
 *       written before this file existed hold {@code users.tsv} instead ({@code user_id, history}
 *       with the history as space-separated {@code item_id:strength}), which is still read;</li>
 *   <li>{@code model.yaml}: see {@link ModelCard}; {@code metrics.json}: the {@link EvaluationReport}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class FactorModelStore {

    static final int MAGIC = 0x5A434D46;
    static final int VERSION = 1;
    static final int USERS_MAGIC = 0x5A434D55;

    private static final ObjectMapper JSON = configure(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT));

    private FactorModelStore() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Writes the model files (not {@code metrics.json}) into {@code dir}, creating it if needed. */
    public static void write(FactorModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeMatrix(dir.resolve("user_factors.bin"), model.userFactors(), model.userCount(), model.factors());
        writeMatrix(dir.resolve("item_factors.bin"), model.itemFactors(), model.itemCount(), model.factors());
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("items.tsv"), StandardCharsets.UTF_8)) {
            out.write("item_id\ttitle\tgenres\tpopularity\n");
            for (Item item : model.items()) {
                out.write(item.id() + "\t" + tsvField(item.title()) + "\t" + tsvField(String.join("|", item.genres()))
                        + "\t" + item.popularity() + "\n");
            }
        }
        writeUsers(dir.resolve("users.bin"), model);
        Files.deleteIfExists(dir.resolve("users.tsv"));
        ModelYaml.write(dir, ModelCard.config(model.settings()), FactorModelStore.class.getName());
    }

    /** Reads a model written by {@link #write(FactorModel, Path)}. */
    public static FactorModel read(Path dir) throws IOException {
        AlsSettings settings = ModelCard.settings(readCard(dir));
        int k = settings.factors();
        List<Item> items = new ArrayList<>();
        for (String[] f : readTsv(dir.resolve("items.tsv"), "item_id\ttitle\tgenres\tpopularity", 4)) {
            List<String> genres = f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split("\\|"));
            items.add(new Item(Integer.parseInt(f[0]), f[1], genres, Integer.parseInt(f[3])));
        }
        IdIndex itemIndex = new IdIndex(items.stream().mapToInt(Item::id).toArray());
        int[] userIds;
        List<UserHistory> histories = new ArrayList<>();
        if (Files.exists(dir.resolve("users.bin"))) {
            userIds = readUsers(dir.resolve("users.bin"), histories);
        } else {
            List<String[]> userRows = readTsv(dir.resolve("users.tsv"), "user_id\thistory", 2);
            userIds = new int[userRows.size()];
            for (int u = 0; u < userIds.length; u++) {
                userIds[u] = Integer.parseInt(userRows.get(u)[0]);
                histories.add(parseHistory(userRows.get(u)[1], itemIndex, dir));
            }
        }
        float[] users = readMatrix(dir.resolve("user_factors.bin"), userIds.length, k);
        float[] itemFactors = readMatrix(dir.resolve("item_factors.bin"), items.size(), k);
        return new FactorModel(settings, userIds, users, histories, items, itemFactors);
    }

    /** The stored model's model.yaml. */
    public static ModelConfig readCard(Path dir) throws IOException {
        return ModelYaml.read(dir);
    }

    public static void writeReport(EvaluationReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("metrics.json").toFile(), report);
    }

    public static EvaluationReport readReport(Path dir) throws IOException {
        return JSON.readValue(dir.resolve("metrics.json").toFile(), EvaluationReport.class);
    }

    private static UserHistory parseHistory(String field, IdIndex itemIndex, Path dir) throws IOException {
        String[] pairs = field.isEmpty() ? new String[0] : field.split(" ");
        int[] items = new int[pairs.length];
        float[] strengths = new float[pairs.length];
        for (int n = 0; n < pairs.length; n++) {
            int colon = pairs[n].indexOf(':');
            items[n] = colon < 0 ? -1 : itemIndex.indexOf(Integer.parseInt(pairs[n].substring(0, colon)));
            if (items[n] < 0) {
                throw new IOException(dir + "/users.tsv: bad history entry " + pairs[n]);
            }
            strengths[n] = Float.parseFloat(pairs[n].substring(colon + 1));
        }
        return new UserHistory(items, strengths);
    }

    private static String tsvField(String value) {
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("tab or line break in TSV field: " + value);
        }
        return value;
    }

    private static List<String[]> readTsv(Path file, String header, int columns) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IOException(file + ": expected header " + header.replace('\t', ','));
        }
        List<String[]> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split("\t", -1);
            if (fields.length != columns) {
                throw new IOException(file + ": expected " + columns + " columns: " + line);
            }
            rows.add(fields);
        }
        return rows;
    }

    /** Reads {@code users.bin} (see the class comment): returns the user ids, adds the histories in index order. */
    private static int[] readUsers(Path file, List<UserHistory> histories) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 16 || buf.getInt() != USERS_MAGIC || buf.getInt() != VERSION) {
            throw new IOException(file + ": not a version " + VERSION + " users file");
        }
        int userCount = buf.getInt();
        int entries = buf.getInt();
        if (userCount < 0 || entries < 0 || buf.remaining() != 4L * (2L * userCount + 1 + 2L * entries)) {
            throw new IOException(file + ": header says " + userCount + " users and " + entries
                    + " interactions, but " + buf.remaining() + " bytes follow");
        }
        int[] userIds = new int[userCount];
        int[] offsets = new int[userCount + 1];
        int[] itemIndices = new int[entries];
        float[] strengths = new float[entries];
        buf.asIntBuffer().get(userIds).get(offsets).get(itemIndices);
        buf.position(buf.position() + 4 * (2 * userCount + 1 + entries));
        buf.asFloatBuffer().get(strengths);
        for (int u = 0; u < userCount; u++) {
            if (offsets[u] < 0 || offsets[u] > offsets[u + 1] || offsets[u + 1] > entries) {
                throw new IOException(file + ": bad history offsets for user " + userIds[u]);
            }
            histories.add(new UserHistory(Arrays.copyOfRange(itemIndices, offsets[u], offsets[u + 1]),
                    Arrays.copyOfRange(strengths, offsets[u], offsets[u + 1])));
        }
        return userIds;
    }

    private static void writeUsers(Path file, FactorModel model) throws IOException {
        int users = model.userCount();
        int entries = 0;
        for (int u = 0; u < users; u++) {
            entries += model.history(u).size();
        }
        ByteBuffer buf = ByteBuffer.allocate(16 + 4 * (2 * users + 1 + 2 * entries)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(USERS_MAGIC).putInt(VERSION).putInt(users).putInt(entries);
        for (int u = 0; u < users; u++) {
            buf.putInt(model.userId(u));
        }
        int offset = 0;
        buf.putInt(offset);
        for (int u = 0; u < users; u++) {
            offset += model.history(u).size();
            buf.putInt(offset);
        }
        for (int u = 0; u < users; u++) {
            for (int item : model.history(u).items()) {
                buf.putInt(item);
            }
        }
        for (int u = 0; u < users; u++) {
            for (float strength : model.history(u).strengths()) {
                buf.putFloat(strength);
            }
        }
        Files.write(file, buf.array());
    }

    static void writeMatrix(Path file, float[] values, int rows, int cols) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(VERSION).putInt(rows).putInt(cols);
        buf.asFloatBuffer().put(values);
        Files.write(file, buf.array());
    }

    static float[] readMatrix(Path file, int rows, int cols) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 16 || buf.getInt() != MAGIC || buf.getInt() != VERSION) {
            throw new IOException(file + ": not a version " + VERSION + " factor matrix");
        }
        int r = buf.getInt();
        int c = buf.getInt();
        if (r != rows || c != cols || buf.remaining() != 4L * rows * cols) {
            throw new IOException(file + ": expected " + rows + "x" + cols + " floats, header says " + r + "x" + c
                    + " with " + buf.remaining() + " bytes of data");
        }
        float[] values = new float[rows * cols];
        buf.asFloatBuffer().get(values);
        return values;
    }
}
