package dev.zerocold.image.model;

import java.io.ByteArrayInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The in-place stream reads, seeks, marks and ends as ImageIO's memory-cache stream does over the same bytes. */
class ByteArrayImageInputStreamTest {

    private static final byte[] DATA = {1, 2, 3, (byte) 0xFF, 5, 6, 7, 8, 9, 10};

    @Test
    void readsSeeksMarksAndEndsAsImageIosOwnStream() throws Exception {
        ByteArrayImageInputStream ours = new ByteArrayImageInputStream();
        ours.use(DATA);
        try (ImageInputStream theirs = new MemoryCacheImageInputStream(new ByteArrayInputStream(DATA))) {
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
                in.seek(1);
                in.mark();
                assertEquals(0x02, in.readBits(8));
                in.reset();
                assertEquals(2, in.read());
            }
        }
        assertEquals(DATA.length, ours.length());
    }

    @Test
    void aReusedStreamStartsTheNextImageAtItsBeginningWithoutOldMarks() throws Exception {
        ByteArrayImageInputStream in = new ByteArrayImageInputStream();
        in.use(DATA);
        in.seek(5);
        in.mark();
        in.setByteOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
        in.use(new byte[] {42, 43});
        assertEquals(java.nio.ByteOrder.BIG_ENDIAN, in.getByteOrder());
        assertEquals(2, in.length());
        in.reset();  // the first image's mark is gone: nothing to go back to
        assertEquals(0, in.getStreamPosition());
        assertEquals(42, in.read());
        in.use(null);
        assertEquals(-1, in.read());
    }

    @Test
    void isNotFinalizable() throws Exception {
        // ImageInputStreamImpl's finalizer would queue every instance for finalization (longer GC pauses).
        assertNotEquals(ImageInputStreamImpl.class,
                ByteArrayImageInputStream.class.getDeclaredMethod("finalize").getDeclaringClass());
    }
}
