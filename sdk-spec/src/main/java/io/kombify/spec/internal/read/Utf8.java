package io.kombify.spec.internal.read;

import io.kombify.core.Diagnostic;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding: a byte sequence that is not UTF-8 is reported with its line and
 * column instead of being replaced silently, so a Latin-1 file never reads as garbled text.
 * A UTF-8 byte order mark is skipped.
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * The outcome of decoding.
     *
     * @param text    the text, or {@code null}
     * @param problem why there is no text, or {@code null}
     */
    public record Decoded(String text, Diagnostic problem) {
    }

    public static Decoded decode(byte[] bytes) {
        int offset = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            offset = 3;
        } else if (bytes.length >= 2 && (((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)
                || ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE))) {
            return new Decoded(null, Diagnostic.error(ReadCodes.ENCODING, "",
                    "the file is encoded as UTF-16; kombination files must be UTF-8",
                    "save the file as UTF-8").at(1, 1));
        }
        if (isAscii(bytes, offset)) {
            return new Decoded(new String(bytes, offset, bytes.length - offset, StandardCharsets.ISO_8859_1), null);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate(bytes.length - offset);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int column = 1;
            for (int i = offset; i < bad; i++) {
                int b = bytes[i] & 0xFF;
                if (b == '\n') {
                    line++;
                    column = 1;
                } else if ((b & 0xC0) != 0x80) {
                    column++;
                }
            }
            return new Decoded(null, Diagnostic.error(ReadCodes.ENCODING, "",
                    String.format("the byte 0x%02X is not valid UTF-8; kombination files must be UTF-8", bytes[bad] & 0xFF),
                    "save the file as UTF-8 (it is probably Latin-1 or Windows-1252)").at(line, column));
        }
        out.flip();
        return new Decoded(out.toString(), null);
    }

    private static boolean isAscii(byte[] bytes, int offset) {
        for (int i = offset; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** The number of bytes {@code text} takes in UTF-8, stopping early once it exceeds {@code limit}. */
    public static long length(String text, long limit) {
        long n = 0;
        for (int i = 0; i < text.length() && n <= limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
