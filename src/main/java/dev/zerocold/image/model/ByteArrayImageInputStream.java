package dev.zerocold.image.model;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over an encoded image already in memory, reused
 * for one image after another by one thread: reads and seeks go straight to the array, where
 * ImageIO's own {@code MemoryCacheImageInputStream} over a {@code ByteArrayInputStream} copies the
 * bytes into 8 KiB cache blocks through a buffered stream, and every new stream allocates another
 * 8 KiB buffer (together, a third of the heap an image request allocated). {@link #use} starts the
 * next image; the stream is never closed. Not thread-safe, as no ImageIO stream is.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {

    private static final byte[] NONE = new byte[0];

    private byte[] data = NONE;
    /** Marked positions and bit offsets, kept here so that {@link #use} can drop what a reader left. */
    private final Deque<long[]> marks = new ArrayDeque<>();

    /** Starts reading {@code bytes} from their beginning ({@code null}: nothing, to let the last image go). */
    void use(byte[] bytes) {
        data = bytes == null ? NONE : bytes;
        streamPos = 0;
        bitOffset = 0;
        flushedPos = 0;
        byteOrder = ByteOrder.BIG_ENDIAN;  // a BMP reader leaves it little-endian
        marks.clear();
    }

    @Override
    public int read() throws IOException {
        bitOffset = 0;
        return streamPos < data.length ? data[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + b.length);
        }
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            return -1;
        }
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }

    @Override
    public void mark() {
        marks.push(new long[] {streamPos, bitOffset});
    }

    @Override
    public void reset() throws IOException {
        long[] mark = marks.poll();
        if (mark == null) {
            return;
        }
        if (mark[0] < flushedPos) {
            throw new IIOException("Previous marked position has been discarded");
        }
        seek(mark[0]);
        setBitOffset((int) mark[1]);
    }

    /**
     * Nothing to release. The empty override keeps the stream out of the finalizer queue, as
     * ImageIO's own memory-cache stream does.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    protected void finalize() {
    }
}
