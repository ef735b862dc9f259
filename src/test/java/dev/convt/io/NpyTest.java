package dev.convt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.DType;
import dev.convt.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {
    /*
     * Files written once by numpy 1.24 (numpy.save, or numpy.lib.format.write_array for the
     * version) and pasted here as hex, so that the tests need no Python.
     */
    /** np.save(np.arange(6, dtype='<f4').reshape(2, 3)) */
    private static final String NUMPY_V1_F4_2X3 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73"
            + "652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a000000000000803f0000004000004040"
            + "000080400000a040";
    /** write_array(np.array([[1.5, -2.0]], dtype='<f8'), version=(2, 0)) */
    private static final String NUMPY_V2_F8_1X2 = "934e554d50590200740000007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a204661"
            + "6c73652c20277368617065273a2028312c2032292c207d20202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a000000000000f83f00000000000000c0";
    /** write_array(np.array([0.25, 3.0], dtype='<f4'), version=(3, 0)) */
    private static final String NUMPY_V3_F4_2 = "934e554d50590300740000007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a204661"
            + "6c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a0000803e00004040";
    /** np.save(np.array([[1.0, 2.0], [3.0, -4.5]], dtype='>f8')) */
    private static final String NUMPY_BIG_ENDIAN_F8_2X2 = "934e554d5059010076007b276465736372273a20273e6638272c2027666f727472616e5f6f72646572273a2046616c73"
            + "652c20277368617065273a2028322c2032292c207d202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a3ff00000000000004000000000000000"
            + "4008000000000000c012000000000000";
    /** np.save(np.array([1.0, -2.0, 0.5], dtype='>f4')) */
    private static final String NUMPY_BIG_ENDIAN_F4_3 = "934e554d5059010076007b276465736372273a20273e6634272c2027666f727472616e5f6f72646572273a2046616c73"
            + "652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a3f800000c00000003f000000";
    /** np.save(np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3))) */
    private static final String NUMPY_FORTRAN_F4_2X3 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2054727565"
            + "2c20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a00000000000040400000803f00008040"
            + "000000400000a040";
    /** np.save(np.arange(3, dtype='<i4')) */
    private static final String NUMPY_INT32_3 = "934e554d5059010076007b276465736372273a20273c6934272c2027666f727472616e5f6f72646572273a2046616c73"
            + "652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a000000000100000002000000";
    /** np.save(np.float32(7.0).reshape(())) */
    private static final String NUMPY_SCALAR_F4 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73"
            + "652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a0000e040";
    /** np.save(np.zeros((0, 3), dtype='<f8')) */
    private static final String NUMPY_EMPTY_F8_0X3 = "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73"
            + "652c20277368617065273a2028302c2033292c207d202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a";

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }

    /** A hand-built .npy file: magic, version {@code major}.0, header length, header, data. */
    private static byte[] npy(int major, String header, byte[] data) {
        byte[] headerBytes = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer out = ByteBuffer.allocate(8 + lengthBytes + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (lengthBytes == 2) {
            out.putShort((short) headerBytes.length);
        } else {
            out.putInt(headerBytes.length);
        }
        return out.put(headerBytes).put(data).array();
    }

    private static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(order);
        out.asFloatBuffer().put(values);
        return out.array();
    }

    private static byte[] doubles(ByteOrder order, double... values) {
        ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(order);
        out.asDoubleBuffer().put(values);
        return out.array();
    }

    private static String header(String descr, String fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }\n";
    }

    private static NpyFormatException rejected(byte[] bytes) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.fromBytes(bytes));
        assertTrue(e.getMessage().startsWith("npy bytes: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\r"), "one line: " + e.getMessage());
        return e;
    }

    private static void assertRejected(byte[] bytes, String expectedPart) {
        String message = rejected(bytes).getMessage();
        assertTrue(message.contains(expectedPart), "message '" + message + "' should contain '" + expectedPart + "'");
    }

    // ---- round trips

    @Test
    void float32RoundTripKeepsEveryBit() throws IOException {
        float[] values = {0f, -0f, 1.5f, -3.25e-38f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e10f, (float) Math.PI, -7f};
        Tensor back = Npy.fromBytes(Npy.toBytes(Tensor.of(values, 1, 2, 2, 3)));
        assertEquals(DType.FLOAT32, back.dtype());
        assertArrayEquals(new int[] {1, 2, 2, 3}, back.shape());
        assertArrayEquals(values, back.floats());
    }

    @Test
    void float64RoundTripKeepsEveryBit() throws IOException {
        double[] values = {0d, -0d, Math.E, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, 1e-300};
        Tensor back = Npy.fromBytes(Npy.toBytes(Tensor.of(values, 8)));
        assertEquals(DType.FLOAT64, back.dtype());
        assertArrayEquals(new int[] {8}, back.shape());
        assertArrayEquals(values, back.doubles());
    }

    @Test
    void roundTripThroughAFileLargerThanOneChunk(@TempDir Path dir) throws IOException {
        double[] values = new double[3 * 70_001];
        Arrays.setAll(values, i -> Math.sin(i) * i);
        Path file = dir.resolve("big.npy");
        Npy.write(file, Tensor.of(values, 3, 70_001));
        Tensor back = Npy.read(file);
        assertArrayEquals(new int[] {3, 70_001}, back.shape());
        assertArrayEquals(values, back.doubles());
    }

    @Test
    void scalarAndEmptyArraysRoundTrip() throws IOException {
        Tensor scalar = Npy.fromBytes(Npy.toBytes(Tensor.of(new float[] {7f})));
        assertArrayEquals(new int[0], scalar.shape());
        assertArrayEquals(new float[] {7f}, scalar.floats());
        Tensor empty = Npy.fromBytes(Npy.toBytes(Tensor.of(new double[0], 0, 3)));
        assertArrayEquals(new int[] {0, 3}, empty.shape());
    }

    @Test
    void writesBytesIdenticalToNumpySave() {
        assertArrayEquals(hex(NUMPY_V1_F4_2X3), Npy.toBytes(Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3)));
        assertArrayEquals(hex(NUMPY_SCALAR_F4), Npy.toBytes(Tensor.of(new float[] {7f})));
        assertArrayEquals(hex(NUMPY_EMPTY_F8_0X3), Npy.toBytes(Tensor.of(new double[0], 0, 3)));
    }

    @Test
    void writesVersion2WhenTheHeaderDoesNotFitVersion1() throws IOException {
        int[] shape = new int[23_000];
        Arrays.fill(shape, 1);
        byte[] bytes = Npy.toBytes(Tensor.of(new float[] {2.5f}, shape));
        assertEquals(2, bytes[6]);
        int headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertTrue(headerLength > 0xFFFF);
        assertEquals(0, (12 + headerLength) % 64, "data starts 64-byte aligned");
        Tensor back = Npy.fromBytes(bytes);
        assertArrayEquals(shape, back.shape());
        assertArrayEquals(new float[] {2.5f}, back.floats());
    }

    @Test
    void writtenHeadersKeepTheDataAligned() {
        for (int rank = 0; rank < 40; rank++) {
            int[] shape = new int[rank];
            Arrays.fill(shape, 1);
            byte[] bytes = Npy.toBytes(Tensor.of(new double[] {1}, shape));
            int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
            assertEquals(0, (10 + headerLength) % 64, "rank " + rank);
            assertEquals('\n', bytes[10 + headerLength - 1]);
        }
    }

    // ---- files from numpy and hand-built fixtures

    @Test
    void readsNumpyVersion1() throws IOException {
        Tensor t = Npy.fromBytes(hex(NUMPY_V1_F4_2X3));
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.floats());
    }

    @Test
    void readsNumpyVersion2() throws IOException {
        Tensor t = Npy.fromBytes(hex(NUMPY_V2_F8_1X2));
        assertEquals(DType.FLOAT64, t.dtype());
        assertArrayEquals(new int[] {1, 2}, t.shape());
        assertArrayEquals(new double[] {1.5, -2.0}, t.doubles());
    }

    @Test
    void readsNumpyVersion3() throws IOException {
        Tensor t = Npy.fromBytes(hex(NUMPY_V3_F4_2));
        assertArrayEquals(new int[] {2}, t.shape());
        assertArrayEquals(new float[] {0.25f, 3f}, t.floats());
    }

    @Test
    void readsNumpyBigEndian() throws IOException {
        Tensor f8 = Npy.fromBytes(hex(NUMPY_BIG_ENDIAN_F8_2X2));
        assertEquals(DType.FLOAT64, f8.dtype());
        assertArrayEquals(new double[] {1, 2, 3, -4.5}, f8.doubles());
        Tensor f4 = Npy.fromBytes(hex(NUMPY_BIG_ENDIAN_F4_3));
        assertEquals(DType.FLOAT32, f4.dtype());
        assertArrayEquals(new float[] {1, -2, 0.5f}, f4.floats());
    }

    @Test
    void readsNumpyScalarAndEmpty() throws IOException {
        assertArrayEquals(new float[] {7f}, Npy.fromBytes(hex(NUMPY_SCALAR_F4)).floats());
        assertArrayEquals(new int[] {0, 3}, Npy.fromBytes(hex(NUMPY_EMPTY_F8_0X3)).shape());
    }

    @Test
    void readsHandBuiltHeadersOfEveryVersionAndByteOrder() throws IOException {
        byte[] v1 = npy(1, header("<f4", "False", "(2, 2)"), floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4));
        assertArrayEquals(new float[] {1, 2, 3, 4}, Npy.fromBytes(v1).floats());
        byte[] v2 = npy(2, header(">f4", "False", "(4,)"), floats(ByteOrder.BIG_ENDIAN, 1, 2, 3, 4));
        assertArrayEquals(new float[] {1, 2, 3, 4}, Npy.fromBytes(v2).floats());
        byte[] v3 = npy(3, header(">f8", "False", "(1, 1, 2)"), doubles(ByteOrder.BIG_ENDIAN, -1, 0.5));
        Tensor t = Npy.fromBytes(v3);
        assertArrayEquals(new int[] {1, 1, 2}, t.shape());
        assertArrayEquals(new double[] {-1, 0.5}, t.doubles());
    }

    @Test
    void acceptsTheLiteralVariantsPythonAndOlderNumpyWrite() throws IOException {
        // Double quotes, another key order, no trailing comma, no padding, Python 2 long suffixes.
        String header = "{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"<f8\"}";
        Tensor t = Npy.fromBytes(npy(1, header, doubles(ByteOrder.LITTLE_ENDIAN, 3, 4)));
        assertArrayEquals(new int[] {2, 1}, t.shape());
        assertArrayEquals(new double[] {3, 4}, t.doubles());
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.npy");
        Files.write(file, hex(NUMPY_V1_F4_2X3));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, Npy.read(file).floats());
    }

    // ---- errors

    @Test
    void rejectsFortranOrder() {
        assertRejected(hex(NUMPY_FORTRAN_F4_2X3), "Fortran-order arrays are not supported");
    }

    @Test
    void rejectsIntegerDtype() {
        assertRejected(hex(NUMPY_INT32_3), "unsupported dtype '<i4'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f2", "<i8", "|u1", "|b1", "<c8", "=f4", "f4", "<U3"})
    void rejectsOtherDtypes(String descr) {
        assertRejected(npy(1, header(descr, "False", "(1,)"), new byte[16]), "unsupported dtype '" + descr + "'");
    }

    @Test
    void rejectsStructuredDtype() {
        String header = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }";
        assertRejected(npy(1, header, new byte[4]), "structured arrays are not supported");
    }

    @Test
    void rejectsBadMagic() {
        assertRejected("PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file");
        byte[] lowercase = hex(NUMPY_V1_F4_2X3);
        lowercase[1] = 'n';
        assertRejected(lowercase, "not a .npy file");
    }

    @Test
    void rejectsEmptyAndTruncatedPreambles() {
        assertRejected(new byte[0], "it is empty");
        assertRejected(Arrays.copyOf(hex(NUMPY_V1_F4_2X3), 4), "not a .npy file");
        assertRejected(Arrays.copyOf(hex(NUMPY_V1_F4_2X3), 7), "truncated preamble");
        assertRejected(Arrays.copyOf(hex(NUMPY_V1_F4_2X3), 9), "truncated preamble");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 255})
    void rejectsUnsupportedMajorVersions(int major) {
        byte[] bytes = hex(NUMPY_V1_F4_2X3);
        bytes[6] = (byte) major;
        assertRejected(bytes, "unsupported .npy format version " + major + ".0");
    }

    @Test
    void rejectsUnsupportedMinorVersion() {
        byte[] bytes = hex(NUMPY_V1_F4_2X3);
        bytes[7] = 1;
        assertRejected(bytes, "unsupported .npy format version 1.1");
    }

    @Test
    void rejectsTruncatedHeader() {
        assertRejected(Arrays.copyOf(hex(NUMPY_V1_F4_2X3), 60), "truncated header");
        byte[] huge = npy(2, "{}", new byte[0]);
        ByteBuffer.wrap(huge, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);
        assertRejected(huge, "truncated header (it declares 4294967295 bytes");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] whole = hex(NUMPY_V1_F4_2X3);
        assertRejected(Arrays.copyOf(whole, whole.length - 1), "truncated data: shape (2, 3) float32 needs 24 bytes, the file has 23");
        assertRejected(npy(1, header("<f8", "False", "(1000000000, 2)"), new byte[8]), "needs 16000000000 bytes");
    }

    @Test
    void rejectsBytesAfterTheData() {
        byte[] whole = hex(NUMPY_V1_F4_2X3);
        assertRejected(Arrays.copyOf(whole, whole.length + 3), "3 unexpected bytes after the data");
    }

    @Test
    void rejectsShapesAJavaArrayCannotHold() {
        assertRejected(npy(1, header("<f4", "False", "(65536, 65536)"), new byte[0]), "has more than");
        assertRejected(npy(1, header("<f4", "False", "(4294967296,)"), new byte[0]), "must hold integers from 0");
        assertRejected(npy(1, header("<f4", "False", "(2, -1)"), new byte[0]), "must hold integers from 0");
        assertRejected(npy(1, header("<f4", "False", "(99999999999999999999,)"), new byte[0]), "not an integer convt can hold");
    }

    @Test
    void acceptsHugeDimensionsTimesZero() throws IOException {
        assertArrayEquals(new int[] {2_000_000_000, 0, 2_000_000_000},
                Npy.fromBytes(npy(1, header("<f4", "False", "(2000000000, 0, 2000000000)"), new byte[0])).shape());
    }

    @Test
    void rejectsMalformedHeaders() {
        byte[] none = new byte[0];
        assertRejected(npy(1, "not a dict\n", none), "malformed header: expected '{'");
        assertRejected(npy(1, "{'descr': '<f4', 'fortran_order': False}\n", none), "missing key 'shape'");
        assertRejected(npy(1, header("<f4", "False", "(1,)").replace("}", "'extra': 1, }"), new byte[4]), "unexpected key 'extra'");
        assertRejected(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", new byte[4]), "the header ends too early");
        assertRejected(npy(1, "{'descr' '<f4', 'fortran_order': False, 'shape': (1,)}", new byte[4]), "expected ':'");
        assertRejected(npy(1, "{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", new byte[4]), "malformed header");
        assertRejected(npy(1, header("<f4", "0", "(1,)"), new byte[4]), "'fortran_order' is 0, not True or False");
        assertRejected(npy(1, header("<f4", "False", "1"), new byte[4]), "'shape' is 1, not a tuple");
        assertRejected(npy(1, header("<f4", "False", "(1.5,)"), new byte[4]), "malformed header");
        assertRejected(npy(1, header("<f4", "False", "('a',)"), new byte[4]), "must hold integers");
        assertRejected(npy(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", new byte[4]), "appears twice");
        assertRejected(npy(1, header("<f4", "False", "(1,)") + "junk", new byte[4]), "unexpected text after the dict");
        assertRejected(npy(1, "{None: 1}", none), "malformed header");
        assertRejected(npy(1, "{'descr': '<f\\x34', 'fortran_order': False, 'shape': (1,)}", new byte[4]), "escape sequences");
    }

    @Test
    void messagesStayOnOneLineWhateverTheHeaderHolds() {
        String message = rejected(npy(1, "{'descr': 'a\nb\rc', 'fortran_order': False, 'shape': (1,)}", new byte[4])).getMessage();
        assertTrue(message.contains("unsupported dtype 'a?b?c'"), message);
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.npy");
        Files.write(file, hex(NUMPY_FORTRAN_F4_2X3));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": Fortran-order"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Npy.read(dir.resolve("missing.npy")));
    }
}
