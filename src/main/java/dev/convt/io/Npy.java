package dev.convt.io;

import dev.convt.DType;
import dev.convt.InvalidParameterException;
import dev.convt.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads and writes NumPy {@code .npy} files holding a C-order float32 or float64 array, as
 * {@link Tensor}s.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0 and the dtypes {@code '<f4'},
 * {@code '>f4'}, {@code '<f8'} and {@code '>f8'}; everything else fails with a one-line
 * {@link NpyFormatException}. Writing produces little-endian data in version 1.0, or 2.0 when the
 * header is too long for 1.0, laid out byte for byte as {@code numpy.save} lays it out.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy pads the preamble and header so that the data starts on a multiple of this. */
    private static final int ALIGNMENT = 64;
    /**
     * numpy leaves this many characters for the first dimension, so that an array appended to in
     * place can rewrite its header without moving the data; copied so that files match numpy's.
     */
    private static final int GROWTH_DIGITS = 21;
    private static final int MAX_VERSION_1_HEADER = 0xFFFF;
    private static final int CHUNK_BYTES = 1 << 16;

    private Npy() {
    }

    /** Reads a .npy file. */
    public static Tensor read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new FileSystemException(path.toString(), null, "is a directory, not a .npy file");
        }
        long size = Files.size(path);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), CHUNK_BYTES)) {
            return read(in, size, path.toString());
        }
    }

    /** Reads the contents of a .npy file held in memory. */
    public static Tensor fromBytes(byte[] bytes) throws NpyFormatException {
        try {
            return read(new ByteArrayInputStream(bytes), bytes.length, "npy bytes");
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    /** Writes {@code tensor} to {@code path}, replacing the file if it exists. */
    public static void write(Path path, Tensor tensor) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), CHUNK_BYTES)) {
            write(out, tensor);
        }
    }

    /** The bytes of {@code tensor} as a .npy file. */
    public static byte[] toBytes(Tensor tensor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, tensor);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Writes {@code tensor} as a .npy file to {@code out} (which stays open). */
    public static void write(OutputStream out, Tensor tensor) throws IOException {
        out.write(preambleAndHeader(tensor));
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int itemSize = tensor.dtype().bytes();
        int perChunk = CHUNK_BYTES / itemSize;
        for (int start = 0; start < tensor.size(); start += perChunk) {
            int count = Math.min(perChunk, tensor.size() - start);
            chunk.clear();
            if (tensor.dtype() == DType.FLOAT32) {
                chunk.asFloatBuffer().put(tensor.floats(), start, count);
            } else {
                chunk.asDoubleBuffer().put(tensor.doubles(), start, count);
            }
            out.write(chunk.array(), 0, count * itemSize);
        }
    }

    private static byte[] preambleAndHeader(Tensor tensor) {
        int[] shape = tensor.shape();
        String dict = "{'descr': '" + (tensor.dtype() == DType.FLOAT32 ? "<f4" : "<f8")
                + "', 'fortran_order': False, 'shape': " + pythonTuple(shape) + ", }";
        if (shape.length > 0) {
            dict += " ".repeat(Math.max(0, GROWTH_DIGITS - Integer.toString(shape[0]).length()));
        }
        int major = 1;
        int lengthBytes = 2;
        int padding = paddingAfter(dict.length(), lengthBytes);
        if (dict.length() + padding + 1 > MAX_VERSION_1_HEADER) {
            major = 2;
            lengthBytes = 4;
            padding = paddingAfter(dict.length(), lengthBytes);
        }
        byte[] header = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes + header.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (lengthBytes == 2) {
            out.putShort((short) header.length);
        } else {
            out.putInt(header.length);
        }
        return out.put(header).array();
    }

    /** Spaces before the closing newline so that the data starts aligned (numpy adds a full block when already aligned). */
    private static int paddingAfter(int dictLength, int lengthBytes) {
        int unpadded = MAGIC.length + 2 + lengthBytes + dictLength + 1;
        return ALIGNMENT - unpadded % ALIGNMENT;
    }

    private static String pythonTuple(int[] shape) {
        return HeaderParser.python(Arrays.stream(shape).boxed().toList());
    }

    private static Tensor read(InputStream in, long size, String source) throws IOException {
        if (size == 0) {
            throw new NpyFormatException(source, "not a .npy file (it is empty)");
        }
        byte[] preamble = in.readNBytes(MAGIC.length + 2);
        if (preamble.length < MAGIC.length || !Arrays.equals(preamble, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new NpyFormatException(source, "not a .npy file (it does not start with the bytes \\x93NUMPY)");
        }
        if (preamble.length < MAGIC.length + 2) {
            throw new NpyFormatException(source, "truncated preamble (the file ends inside the format version)");
        }
        int major = preamble[6] & 0xFF;
        int minor = preamble[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(source, "unsupported .npy format version " + major + "." + minor
                    + " (convt reads 1.0, 2.0 and 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new NpyFormatException(source, "truncated preamble (the file ends inside the header length)");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2 ? lengthBuffer.getShort() & 0xFFFF : lengthBuffer.getInt() & 0xFFFFFFFFL;
        long afterPreamble = size - MAGIC.length - 2 - lengthBytes;
        if (headerLength > afterPreamble) {
            throw new NpyFormatException(source, "truncated header (it declares " + headerLength + " bytes, the file has "
                    + afterPreamble + " after the preamble)");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new NpyFormatException(source, "truncated header (the file ended while reading it)");
        }
        // Version 3.0 exists only to allow UTF-8 in the header; 1.0 and 2.0 are Latin-1.
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        Header header = Header.parse(new String(headerBytes, charset), source);
        long dataBytes = header.elements * header.dtype.bytes();
        long available = afterPreamble - headerLength;
        if (available < dataBytes) {
            throw new NpyFormatException(source, "truncated data: shape " + pythonTuple(header.shape) + " " + header.dtype
                    + " needs " + dataBytes + " bytes, the file has " + available);
        }
        if (available > dataBytes) {
            throw new NpyFormatException(source, (available - dataBytes) + " unexpected bytes after the data of shape "
                    + pythonTuple(header.shape) + " " + header.dtype);
        }
        return readData(in, header, source);
    }

    private static Tensor readData(InputStream in, Header header, String source) throws IOException {
        int count = (int) header.elements;
        int itemSize = header.dtype.bytes();
        float[] floats = header.dtype == DType.FLOAT32 ? new float[count] : null;
        double[] doubles = header.dtype == DType.FLOAT64 ? new double[count] : null;
        byte[] chunk = new byte[CHUNK_BYTES];
        int perChunk = CHUNK_BYTES / itemSize;
        for (int start = 0; start < count; start += perChunk) {
            int items = Math.min(perChunk, count - start);
            int read = in.readNBytes(chunk, 0, items * itemSize);
            if (read < items * itemSize) {
                throw new NpyFormatException(source, "truncated data (the file ended while reading it)");
            }
            ByteBuffer values = ByteBuffer.wrap(chunk, 0, read).order(header.order);
            if (floats != null) {
                values.asFloatBuffer().get(floats, start, items);
            } else {
                values.asDoubleBuffer().get(doubles, start, items);
            }
        }
        return floats != null ? Tensor.of(floats, header.shape) : Tensor.of(doubles, header.shape);
    }

    /** The three fields of a .npy header that matter, checked. */
    private record Header(DType dtype, ByteOrder order, int[] shape, long elements) {
        private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");

        static Header parse(String text, String source) throws NpyFormatException {
            Map<String, Object> dict = new HeaderParser(text, source).dictionary();
            for (String key : dict.keySet()) {
                if (!KEYS.contains(key)) {
                    throw new NpyFormatException(source, "malformed header: unexpected key '" + key + "' (a .npy header has "
                            + "exactly 'descr', 'fortran_order' and 'shape')");
                }
            }
            for (String key : KEYS) {
                if (!dict.containsKey(key)) {
                    throw new NpyFormatException(source, "malformed header: missing key '" + key + "'");
                }
            }
            if (!(dict.get("descr") instanceof String descr)) {
                throw new NpyFormatException(source, "unsupported dtype " + HeaderParser.python(dict.get("descr"))
                        + " (structured arrays are not supported; convt reads float32 and float64)");
            }
            DType dtype = switch (descr) {
                case "<f4", ">f4" -> DType.FLOAT32;
                case "<f8", ">f8" -> DType.FLOAT64;
                default -> throw new NpyFormatException(source, "unsupported dtype '" + descr
                        + "' (convt reads float32 '<f4' '>f4' and float64 '<f8' '>f8')");
            };
            ByteOrder order = descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
                throw new NpyFormatException(source, "malformed header: 'fortran_order' is "
                        + HeaderParser.python(dict.get("fortran_order")) + ", not True or False");
            }
            if (fortran) {
                throw new NpyFormatException(source, "Fortran-order arrays are not supported; save a C-order array "
                        + "(numpy.ascontiguousarray)");
            }
            if (!(dict.get("shape") instanceof List<?> dimensions)) {
                throw new NpyFormatException(source, "malformed header: 'shape' is "
                        + HeaderParser.python(dict.get("shape")) + ", not a tuple of integers");
            }
            int[] shape = new int[dimensions.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!(dimensions.get(i) instanceof Long dimension) || dimension < 0 || dimension > Integer.MAX_VALUE) {
                    throw new NpyFormatException(source, "malformed header: 'shape' " + HeaderParser.python(dimensions)
                            + " must hold integers from 0 to " + Integer.MAX_VALUE);
                }
                shape[i] = (int) (long) dimension;
            }
            try {
                return new Header(dtype, order, shape, Tensor.elementCount("shape", shape));
            } catch (InvalidParameterException tooMany) {
                // Dimensions are known to be >= 0 here: the only failure is the element count.
                throw new NpyFormatException(source, "shape " + HeaderParser.python(dimensions) + " has more than "
                        + Tensor.MAX_ELEMENTS + " elements, the most a Java array holds");
            }
        }
    }

    /**
     * Parses the Python literal a .npy header holds: a dict with string keys whose values are
     * strings, {@code True}/{@code False}, integers, and tuples or lists of those.
     * Tuples and lists come back as {@code List}, integers as {@code Long}.
     */
    private static final class HeaderParser {
        private final String text;
        private final String source;
        private int position;

        HeaderParser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Map<String, Object> dictionary() throws NpyFormatException {
            skipSpace();
            expect('{');
            Map<String, Object> dict = new LinkedHashMap<>();
            skipSpace();
            while (peek() != '}') {
                if (!(value() instanceof String key)) {
                    throw malformed("a dict key must be a string");
                }
                skipSpace();
                expect(':');
                if (dict.put(key, value()) != null) {
                    throw malformed("key '" + key + "' appears twice");
                }
                skipSpace();
                if (peek() != '}') {
                    expect(',');
                    skipSpace();
                }
            }
            position++;
            skipSpace();
            if (position != text.length()) {
                throw malformed("unexpected text after the dict");
            }
            return dict;
        }

        private Object value() throws NpyFormatException {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return string(c);
            }
            if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']');
            }
            if (c == '-' || Character.isDigit(c)) {
                return integer();
            }
            if (text.startsWith("True", position)) {
                position += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", position)) {
                position += 5;
                return Boolean.FALSE;
            }
            throw malformed("expected a string, number, True, False, tuple or list");
        }

        private String string(char quote) throws NpyFormatException {
            int end = text.indexOf(quote, position + 1);
            if (end < 0) {
                throw malformed("unterminated string");
            }
            String content = text.substring(position + 1, end);
            if (content.indexOf('\\') >= 0) {
                throw malformed("escape sequences in strings are not supported");
            }
            position = end + 1;
            return content;
        }

        private List<Object> sequence(char close) throws NpyFormatException {
            position++;
            List<Object> items = new ArrayList<>();
            skipSpace();
            while (peek() != close) {
                items.add(value());
                skipSpace();
                if (peek() != close) {
                    expect(',');
                    skipSpace();
                }
            }
            position++;
            return items;
        }

        private Long integer() throws NpyFormatException {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            String digits = text.substring(start, position);
            // Python 2 wrote long integers with an L suffix, and numpy files from then still exist.
            if (position < text.length() && text.charAt(position) == 'L') {
                position++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw malformed("'" + digits + "' is not an integer convt can hold");
            }
        }

        private void skipSpace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private char peek() throws NpyFormatException {
            if (position >= text.length()) {
                throw malformed("the header ends too early");
            }
            return text.charAt(position);
        }

        private void expect(char c) throws NpyFormatException {
            if (peek() != c) {
                throw malformed("expected '" + c + "'");
            }
            position++;
        }

        private NpyFormatException malformed(String problem) {
            String shown = text.strip();
            if (shown.length() > 80) {
                shown = shown.substring(0, 77) + "...";
            }
            return new NpyFormatException(source, "malformed header: " + problem + " at character " + position
                    + " of " + python(shown));
        }

        /** A parsed value written back as Python would print it, for messages. */
        static String python(Object value) {
            if (value instanceof String s) {
                return "'" + s + "'";
            }
            if (value instanceof Boolean b) {
                return b ? "True" : "False";
            }
            if (value instanceof List<?> list) {
                StringJoiner joined = new StringJoiner(", ", "(", list.size() == 1 ? ",)" : ")");
                for (Object item : list) {
                    joined.add(python(item));
                }
                return joined.toString();
            }
            return String.valueOf(value);
        }
    }
}
