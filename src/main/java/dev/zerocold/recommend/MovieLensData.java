package dev.zerocold.recommend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The MovieLens ratings and movie catalogue as exported to {@code models/datasets/movielens/}
 * ({@code ratings.csv.gz}, {@code movies.csv.gz}). Immutable.
 *
 * @param ratings all rating events, in file order
 * @param movies  catalogue by movie id, ascending; popularity is zero (it depends on the training data)
 */
public record MovieLensData(List<Rating> ratings, Map<Integer, Item> movies) {

    /** Default location relative to the project root. */
    public static final Path DEFAULT_DIR = Path.of("models", "datasets", "movielens");

    private static final String NO_GENRES = "(no genres listed)";

    public MovieLensData {
        ratings = List.copyOf(ratings);
        movies = Collections.unmodifiableMap(new TreeMap<>(movies));
    }

    /** Reads both files from {@code dir}. */
    public static MovieLensData load(Path dir) throws IOException {
        return new MovieLensData(readRatings(dir.resolve("ratings.csv.gz")), readMovies(dir.resolve("movies.csv.gz")));
    }

    /** Sorted distinct user ids occurring in the ratings. */
    public int[] userIds() {
        return ratings.stream().mapToInt(Rating::userId).distinct().sorted().toArray();
    }

    /** Sorted catalogue item ids. */
    public int[] itemIds() {
        return movies.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    static List<Rating> readRatings(Path file) throws IOException {
        List<Rating> ratings = new ArrayList<>(100_100);
        readCsv(file, List.of("userId", "movieId", "rating", "timestamp"), f -> ratings.add(new Rating(
                Integer.parseInt(f.get(0)), Integer.parseInt(f.get(1)),
                Float.parseFloat(f.get(2)), Long.parseLong(f.get(3)))));
        return ratings;
    }

    static Map<Integer, Item> readMovies(Path file) throws IOException {
        Map<Integer, Item> movies = new TreeMap<>();
        readCsv(file, List.of("movieId", "title", "year", "genres"), f -> {
            int id = Integer.parseInt(f.get(0));
            movies.put(id, new Item(id, displayTitle(f.get(1), f.get(2)), genres(f.get(3)), 0));
        });
        return movies;
    }

    private static String displayTitle(String title, String year) {
        return year.isEmpty() || title.isEmpty() ? title : title + " (" + year + ")";
    }

    private static List<String> genres(String field) {
        if (field.isEmpty() || field.equals(NO_GENRES)) {
            return List.of();
        }
        return Arrays.asList(field.split("\\|"));
    }

    private interface RecordHandler {
        void accept(List<String> fields) throws IOException;
    }

    private static void readCsv(Path file, List<String> header, RecordHandler handler) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            CsvReader csv = new CsvReader(in);
            List<String> first = csv.next();
            if (!header.equals(first)) {
                throw new IOException(file + ": expected header " + header + " but got " + first);
            }
            for (List<String> fields = csv.next(); fields != null; fields = csv.next()) {
                if (fields.size() != header.size()) {
                    throw new IOException(file + ": expected " + header.size() + " fields: " + fields);
                }
                try {
                    handler.accept(fields);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": bad number in " + fields, e);
                }
            }
        }
    }
}
