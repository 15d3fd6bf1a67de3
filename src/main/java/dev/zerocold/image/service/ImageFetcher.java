package dev.zerocold.image.service;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.snapshot.SnapshotGate;
import dev.zerocold.common.PayloadTooLargeException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Fetches {@code image_url}s under a strict policy: http/https only, host allow-list, addresses
 * resolved and refused when private, loopback, link-local or otherwise internal (unless allowed),
 * every redirect re-checked, a size cap and connect/read timeouts. Thread-safe.
 *
 * <p>The address check and the connection resolve the name separately, so a host whose DNS answer
 * changes in between (rebinding) is only stopped by the allow-list: allow only hosts you control.
 *
 * <p>For a process snapshot {@link #suspend} drops the HTTP client, whose pooled connections and
 * selector a checkpoint must not capture, and {@link #resume} builds a new one; fetches wait meanwhile.
 */
public final class ImageFetcher {

    /** The rules a fetch follows; {@code allowedHosts} entries like {@code *.example.com} match subdomains. */
    public record Policy(boolean enabled, List<String> allowedHosts, boolean allowPrivateAddresses,
                         Duration connectTimeout, Duration readTimeout, int maxRedirects, long maxBytes) {
    }

    private static final Logger LOG = Logger.getLogger(ImageFetcher.class);

    private final Policy policy;
    /**
     * Null when fetching is disabled (the default): an HTTP client starts a thread and costs startup
     * time; null while suspended too.
     */
    private HttpClient client;
    /** Closed from {@link #suspend} to {@link #resume}; on this fetcher's monitor. */
    private final SnapshotGate gate = new SnapshotGate(this);

    public ImageFetcher(Policy policy) {
        this.policy = policy;
        this.client = policy.enabled() ? newClient() : null;
    }

    private HttpClient newClient() {
        return HttpClient.newBuilder()
                .connectTimeout(policy.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Drops the HTTP client until {@link #resume}. On Java 21+ it is closed at once (in-flight fetches
     * finish first); on Java 17, which cannot close one, its selector thread and pooled connections
     * end once the collector has cleared it (the snapshot's {@code System.gc()}; the thread notices
     * within seconds). Disabled or suspended already: nothing to do.
     */
    public synchronized void suspend() {
        if (client == null) {
            return;
        }
        HttpClient dropped = client;
        client = null;
        gate.close();
        if (dropped instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warnf("Closing the image_url HTTP client reported %s; it is dropped all the same", e);
            }
        }
    }

    /** Builds a new HTTP client after {@link #suspend}, and lets waiting fetches go on. */
    public synchronized void resume() {
        if (!gate.isClosed()) {
            return;
        }
        try {
            client = newClient();
        } finally {
            gate.open();
        }
    }

    /** The client to fetch with, once not suspended. */
    private synchronized HttpClient client() {
        try {
            gate.await();
        } catch (InterruptedException e) {
            throw new InvalidInputException("image_url fetch was interrupted");
        }
        return client;
    }

    /** The bytes at {@code url}, or a 400/413 problem saying why they cannot be had. */
    public byte[] fetch(String url) {
        if (!policy.enabled()) {
            throw new InvalidInputException("image_url is disabled on this server; send the image itself");
        }
        URI uri = parse(url);
        HttpClient http = client();
        for (int hop = 0; hop <= policy.maxRedirects(); hop++) {
            check(uri);
            HttpResponse<InputStream> response = send(http, uri);
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                close(response);
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new InvalidInputException("image_url redirected without a Location"));
                uri = uri.resolve(parse(location));
                continue;
            }
            if (status != 200) {
                close(response);
                throw new InvalidInputException("image_url answered HTTP " + status);
            }
            return read(response);
        }
        throw new InvalidInputException("image_url redirected more than " + policy.maxRedirects() + " times");
    }

    void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("image_url must be http or https");
        }
        String host = uri.getHost();
        if (host == null || !allowedHost(host.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("image_url host '" + host + "' is not on the allow-list");
        }
        if (policy.allowPrivateAddresses()) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (internal(address)) {
                    throw new InvalidInputException("image_url host '" + host
                            + "' resolves to a private, loopback or link-local address");
                }
            }
        } catch (UnknownHostException e) {
            throw new InvalidInputException("image_url host '" + host + "' does not resolve");
        }
    }

    private boolean allowedHost(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        for (String allowed : policy.allowedHosts()) {
            String rule = allowed.toLowerCase(Locale.ROOT).trim();
            if (rule.startsWith("*.") ? bare.endsWith(rule.substring(1)) : bare.equals(rule)) {
                return true;
            }
        }
        return false;
    }

    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                || (first == 198 && (second == 18 || second == 19)) || first >= 240;
    }

    private HttpResponse<InputStream> send(HttpClient http, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(policy.readTimeout()).GET()
                .header("Accept", "image/*").build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new InvalidInputException("image_url could not be fetched: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("image_url fetch was interrupted");
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the read it interrupts reports the failure
        }
    }

    private byte[] read(HttpResponse<InputStream> response) {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > policy.maxBytes()) {
            close(response);
            throw new PayloadTooLargeException("image_url content is " + declared + " bytes; at most "
                    + policy.maxBytes() + " are accepted");
        }
        // The request timeout ends at the response headers; a body that trickles in would block this
        // worker thread for as long as the server likes. Closing the stream at the deadline ends the read.
        InputStream in = response.body();
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(() -> closeQuietly(in),
                CompletableFuture.delayedExecutor(policy.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, policy.maxBytes() + 1));
            if (bytes.length > policy.maxBytes()) {
                throw new PayloadTooLargeException("image_url content exceeds " + policy.maxBytes() + " bytes");
            }
            if (deadline.isDone()) {
                throw new IOException("read timeout");
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidInputException("image_url could not be read within " + policy.readTimeout().toMillis()
                    + " ms: " + describe(e));
        } finally {
            deadline.cancel(false);
        }
    }

    private static URI parse(String url) {
        try {
            return URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("image_url is not a valid URL");
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        return e instanceof java.net.ConnectException ? "connection refused" : "I/O error";
    }
}
