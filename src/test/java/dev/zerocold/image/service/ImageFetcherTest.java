package dev.zerocold.image.service;

import dev.zerocold.image.service.ImageFetcher;

import com.sun.net.httpserver.HttpServer;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.PayloadTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image_url policy, against a real HTTP server on loopback. */
class ImageFetcherTest {

    private static final byte[] BODY = {1, 2, 3, 4, 5};
    private HttpServer server;
    private String base;
    /** The client side port of each {@code /ok.png} request: a new one means a new connection. */
    private final List<Integer> clientPorts = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Holds {@code /slow.png} mid-body until the test ends. */
    private final CountDownLatch hangUp = new CountDownLatch(1);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok.png", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        server.createContext("/big.png", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[4096]);
            exchange.close();
        });
        server.createContext("/slow.png", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(BODY);
            exchange.getResponseBody().flush();
            try {
                hangUp.await(10, TimeUnit.SECONDS);  // headers and five bytes, then nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/hop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok.png");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/escape", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/ok.png");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        hangUp.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    @Test
    void fetchesFromAnAllowedHostAndFollowsCheckedRedirects() {
        ImageFetcher fetcher = fetcher(true, List.of("127.0.0.1"), true, 1024);
        assertArrayEquals(BODY, fetcher.fetch(base + "/ok.png"));
        assertArrayEquals(BODY, fetcher.fetch(base + "/hop"));
    }

    @Test
    void suspendDropsTheClientAndItsConnectionsAndFetchesMeanwhileWaitForResume() throws Exception {
        ImageFetcher fetcher = fetcher(true, List.of("127.0.0.1"), true, 1024);
        fetcher.fetch(base + "/ok.png");
        fetcher.fetch(base + "/ok.png");
        assertEquals(clientPorts.get(0), clientPorts.get(1), "the connection is pooled");

        fetcher.suspend();
        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> fetcher.fetch(base + "/ok.png"));
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
        assertEquals(2, clientPorts.size());

        fetcher.resume();
        assertArrayEquals(BODY, waiting.get(5, TimeUnit.SECONDS));
        assertNotEquals(clientPorts.get(0), clientPorts.get(2), "a new client opens a new connection");
    }

    @Test
    void suspendAndResumeLeaveADisabledFetcherDisabled() {
        ImageFetcher fetcher = fetcher(false, List.of("127.0.0.1"), true, 1024);
        fetcher.suspend();
        fetcher.resume();
        assertThrows(InvalidInputException.class, () -> fetcher.fetch(base + "/ok.png"));
        assertTrue(clientPorts.isEmpty());
    }

    @Test
    void redirectToAHostOffTheListIsRefused() {
        ImageFetcher fetcher = fetcher(true, List.of("127.0.0.1"), true, 1024);
        assertThrows(InvalidInputException.class, () -> fetcher.fetch(base + "/escape"));
    }

    @Test
    void oversizedContentIsRefused() {
        ImageFetcher fetcher = fetcher(true, List.of("127.0.0.1"), true, 1024);
        assertThrows(PayloadTooLargeException.class, () -> fetcher.fetch(base + "/big.png"));
    }

    @Test
    void aBodyThatStopsArrivingEndsAtTheReadTimeout() {
        ImageFetcher fetcher = new ImageFetcher(new ImageFetcher.Policy(true, List.of("127.0.0.1"), true,
                Duration.ofSeconds(2), Duration.ofMillis(500), 3, 1024));
        long start = System.nanoTime();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> fetcher.fetch(base + "/slow.png"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "gave up after " + millis + " ms");
        assertTrue(e.getMessage().contains("within 500 ms"), e.getMessage());
    }

    @Test
    void loopbackIsRefusedUnlessPrivateAddressesAreAllowed() {
        ImageFetcher fetcher = fetcher(true, List.of("127.0.0.1"), false, 1024);
        assertThrows(InvalidInputException.class, () -> fetcher.fetch(base + "/ok.png"));
    }

    @Test
    void internalAddressesAreRecognised() throws IOException {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fc00::1", "fe80::1")) {
            assertTrue(ImageFetcher.internal(InetAddress.getByName(address)), address);
        }
        for (String address : List.of("93.184.216.34", "2606:4700::1111")) {
            assertFalse(ImageFetcher.internal(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void schemeAllowListAndSwitchAreEnforced() {
        ImageFetcher fetcher = fetcher(true, List.of("*.example.com"), false, 1024);
        assertThrows(InvalidInputException.class, () -> fetcher.check(URI.create("ftp://img.example.com/a.png")));
        assertThrows(InvalidInputException.class, () -> fetcher.check(URI.create("http://example.org/a.png")));
        assertThrows(InvalidInputException.class, () -> fetcher.check(URI.create("http://[::1]/a.png")));
        assertThrows(InvalidInputException.class,
                () -> fetcher(false, List.of("127.0.0.1"), true, 1024).fetch(base + "/ok.png"));
    }

    private static ImageFetcher fetcher(boolean enabled, List<String> hosts, boolean allowPrivate, long maxBytes) {
        return new ImageFetcher(new ImageFetcher.Policy(enabled, hosts, allowPrivate, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 3, maxBytes));
    }
}
