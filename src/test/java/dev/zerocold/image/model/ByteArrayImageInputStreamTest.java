package dev.zerocold.image.model;

import java.io.ByteArrayInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The in-place stream reads, seeks and ends as ImageIO's memory-cache stream does over the same bytes. */
class ByteArrayImageInputStreamTest {

    private static final byte[] DATA = {1, 2, 3, (byte) 0xFF, 5, 6, 7, 8, 9, 10};

    @Test
    void readsSeeksAndEndsAsImageIosOwnStream() throws Exception {
        try (ImageInputStream ours = new ByteArrayImageInputStream(DATA);
             ImageInputStream theirs = new MemoryCacheImageInputStream(new ByteArrayInputStream(DATA))) {
            for (ImageInputStream in : new ImageInputStream[] {ours, theirs}) {
                assertEquals(1, in.read());
                assertEquals(0x0203, in.readUnsignedShort());
                assertEquals(0xFF, in.read());
                in.seek(7);
                byte[] tail = new byte[5];
                assertEquals(3, in.read(tail, 1, 4));
                assertArrayEquals(new byte[] {0, 8, 9, 10, 0}, tail);
                assertEquals(-1, in.read());
                assertEquals(-1, in.read(tail, 0, 1));
                in.seek(0);
                in.mark();
                assertEquals(1, in.readBits(8));
                in.reset();
                assertEquals(1, in.read());
            }
            assertEquals(DATA.length, ours.length());
        }
    }

    @Test
    void isNotFinalizable() throws Exception {
        // ImageInputStreamImpl's finalizer would queue every instance for finalization (longer GC pauses).
        assertNotEquals(javax.imageio.stream.ImageInputStreamImpl.class,
                ByteArrayImageInputStream.class.getDeclaredMethod("finalize").getDeclaringClass());
    }
}
