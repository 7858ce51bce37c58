package io.realtime.internal.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address written as a literal, read without ever asking DNS: a header value such as {@code X-Forwarded-For}
 * comes from the client, and a name in it must not make the server resolve anything.
 */
final class IpAddress {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddress() {}

    /**
     * Reads a literal IPv4 or IPv6 address, as in {@code 192.0.2.7} or {@code 2001:db8::1}.
     *
     * @param text the literal, without brackets or port
     * @return its 4 or 16 bytes, or {@code null} when it is not such a literal
     */
    static byte[] parse(String text) {
        if (IPV4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return bytes;
        }
        if (text.indexOf(':') < 0 || !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // A text with a colon is read as an IPv6 literal or refused: InetAddress never looks it up.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException | RuntimeException malformed) {
            return null;
        }
    }

    /**
     * Writes an address in its usual form: dotted for IPv4 (an IPv4-mapped IPv6 address included), and the
     * shortest form of RFC 5952 for IPv6, so that one client has one spelling.
     */
    static String format(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        if (mappedIpv4(bytes)) {
            return format(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** @return whether the 16 bytes are {@code ::ffff:a.b.c.d} */
    static boolean mappedIpv4(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
