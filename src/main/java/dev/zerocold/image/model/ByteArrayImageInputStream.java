package dev.zerocold.image.model;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over an encoded image already in memory: reads
 * and seeks go straight to the array, where ImageIO's own {@code MemoryCacheImageInputStream} over a
 * {@code ByteArrayInputStream} would copy the bytes into 8 KiB cache blocks through a buffered
 * stream (a quarter of the heap an image request allocated). Not thread-safe, as no ImageIO stream is.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {

    private final byte[] data;

    ByteArrayImageInputStream(byte[] data) {
        this.data = data;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        return streamPos < data.length ? data[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
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

    /**
     * Nothing to release. The empty override keeps every instance out of the finalizer queue, as
     * ImageIO's own memory-cache stream does: {@code ImageInputStreamImpl}'s finalizer would make each
     * decoded image's stream outlive a collection and lengthen the pauses.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    protected void finalize() {
    }
}
