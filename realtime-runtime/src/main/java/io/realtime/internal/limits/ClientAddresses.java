package io.realtime.internal.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which address a client connects from, the key of its per-address limits (docs/security.md, "Behind a reverse
 * proxy"). It is the connection's peer, unless the peer is a trusted proxy: then the client is the one the proxies
 * name in {@code Forwarded} (RFC 7239), or else in {@code X-Forwarded-For}. Those lists are read from the right,
 * where the nearest proxy wrote, skipping the trusted proxies; the first address that is not one is the client.
 * Anyone can send such headers, so they count only from a trusted peer, and only as far back as trusted proxies
 * vouch for them: a value that is not an IP literal ({@code unknown}, an obfuscated name) stops the walk at the
 * proxy that wrote it.
 *
 * <p>Immutable and thread-safe; no method resolves a name.
 */
public final class ClientAddresses {

    /** The trusted proxies when none are configured: the loopback, where a proxy on the same host connects from. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");

    private final List<Block> trusted;

    /**
     * @param trustedProxies addresses and CIDR blocks, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public ClientAddresses(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            blocks.add(Block.parse(entry));
        }
        this.trusted = List.copyOf(blocks);
    }

    /**
     * Checks an entry of a trusted-proxies list.
     *
     * @param entry such as {@code 192.0.2.0/24}, {@code ::1}
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void check(String entry) {
        Block.parse(entry);
    }

    /**
     * The client's address.
     *
     * @param peer the connection's remote address ({@code getRemoteAddr()})
     * @param forwarded every {@code Forwarded} header line joined with commas, or {@code null}
     * @param forwardedFor every {@code X-Forwarded-For} header line joined with commas, or {@code null}
     * @return the address, in its usual spelling (an unreadable peer is returned as it is)
     */
    public String of(String peer, String forwarded, String forwardedFor) {
        byte[] address = IpAddress.parse(unbracketed(peer));
        if (address == null) {
            return peer;
        }
        if (!trusts(address)) {
            return IpAddress.format(address);
        }
        List<String> hops = forwarded != null ? forwardedFor(forwarded) : list(forwardedFor);
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = IpAddress.parse(withoutPort(hops.get(i)));
            if (hop == null) {
                break; // a trusted proxy could not name its client: the proxy is as far as anyone vouches
            }
            address = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return IpAddress.format(address);
    }

    /**
     * The key a client's limits are counted under: its address, or for IPv6 its {@code /64} network, which one
     * client usually holds whole and could otherwise walk through address by address.
     *
     * @param address an address as {@link #of} returns it
     * @return the key
     */
    public static String key(String address) {
        byte[] bytes = IpAddress.parse(address);
        if (bytes == null || bytes.length == 4) {
            return address;
        }
        byte[] network = new byte[16];
        System.arraycopy(bytes, 0, network, 0, 8);
        return IpAddress.format(network) + "/64";
    }

    /**
     * Whether the client reached the server over {@code https}: the request itself was, or a trusted proxy says so
     * in {@code Forwarded} ({@code proto=https}) or, without that header, {@code X-Forwarded-Proto}. The first
     * value counts, the one the proxy nearest the client wrote; from a peer that is not a trusted proxy the headers
     * are ignored. A client that lies through a trusted proxy's header can only make its own cookie stricter.
     *
     * @param secure whether the request came over TLS ({@code isSecure()})
     * @param peer the connection's remote address
     * @param forwarded every {@code Forwarded} header line joined with commas, or {@code null}
     * @param forwardedProto every {@code X-Forwarded-Proto} header line joined with commas, or {@code null}
     * @return whether the client's scheme is {@code https}
     */
    public boolean secure(boolean secure, String peer, String forwarded, String forwardedProto) {
        if (secure || !trusts(peer)) {
            return secure;
        }
        String proto = forwarded != null ? firstProto(forwarded) : first(forwardedProto);
        return "https".equalsIgnoreCase(proto);
    }

    // The proto= value of the first element that has one; null when none does.
    private static String firstProto(String header) {
        for (String element : header.split(",")) {
            String proto = parameter(element, "proto");
            if (!proto.isEmpty()) {
                return proto;
            }
        }
        return null;
    }

    private static String first(String list) {
        if (list == null) {
            return null;
        }
        int comma = list.indexOf(',');
        return (comma < 0 ? list : list.substring(0, comma)).trim();
    }

    /**
     * Whether a connection's peer is a trusted proxy, whose forwarded headers count.
     *
     * @param peer the remote address of the connection
     */
    public boolean trusts(String peer) {
        byte[] address = IpAddress.parse(unbracketed(peer));
        return address != null && trusts(address);
    }

    private boolean trusts(byte[] address) {
        for (Block block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    // RFC 7239 §4: elements separated by commas, pairs by semicolons; the for= values, in order.
    private static List<String> forwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        for (String element : header.split(",")) {
            hops.add(parameter(element, "for"));
        }
        return hops;
    }

    // The value of a parameter of one element, unquoted; the last if repeated, "" when absent.
    private static String parameter(String element, String name) {
        String value = "";
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0
                    && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals(name)) {
                value = pair.substring(equals + 1).trim();
            }
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static List<String> list(String header) {
        List<String> hops = new ArrayList<>();
        if (header != null) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        return hops;
    }

    // 192.0.2.7:4711 and [2001:db8::1]:4711 as proxies write them; a bare IPv6 address has no port.
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }

    private static String unbracketed(String address) {
        return address != null && address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1)
                : String.valueOf(address);
    }

    /** An address and how many of its leading bits a member shares. */
    private record Block(byte[] network, int bits) {

        static Block parse(String entry) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            byte[] network = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("'" + entry + "' is neither an IP address nor a CIDR block such as"
                        + " 10.0.0.0/8 or 2001:db8::/32");
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException(
                            "'" + entry + "' has a prefix length outside 0 to " + network.length * 8);
                }
            }
            return new Block(network, bits);
        }

        boolean contains(byte[] address) {
            byte[] candidate = address;
            if (candidate.length != network.length) {
                if (candidate.length == 16 && IpAddress.mappedIpv4(candidate)) {
                    candidate = new byte[] {candidate[12], candidate[13], candidate[14], candidate[15]};
                } else {
                    return false;
                }
                if (candidate.length != network.length) {
                    return false;
                }
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest);
            return (candidate[whole] & mask) == (network[whole] & mask);
        }
    }
}
