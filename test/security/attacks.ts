/** The attack list: every entry must be refused. Shared by the tests and `npm run bench` (which prints the tally). */
export const INNER_ADDRESSES = [
  "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1", "100.127.255.254",
  "169.254.169.254", "169.254.0.1", "127.0.0.1", "127.8.8.8", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1",
  "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "::ffff:127.0.0.1", "::ffff:7f00:1",
  "::ffff:169.254.169.254", "::ffff:10.0.0.1", "64:ff9b::a00:1", "ff02::1",
  // Round two (issue 16): IPv4-compatible ::/96, IPv4-translated ::ffff:0:0:0/96, 6to4, Teredo, local-use
  // NAT64, Azure's platform address, and the other special-purpose ranges the guard now lists.
  "::127.0.0.1", "::a9fe:a9fe", "::7f00:1", "::10.0.0.1", "::8.8.8.8", "::ffff:0:7f00:1", "::ffff:0:a9fe:a9fe", "::ffff:0:808:808",
  "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:0808:0808::1", "2001:0:4136:e378:8000:63bf:80ff:fffe", "2001::1", "2001:0:a9fe:a9fe::",
  "64:ff9b:1::a9fe:a9fe", "64:ff9b:1:ffff::1", "168.63.129.16", "::ffff:168.63.129.16", "::ffff:a83f:8110", "100::1", "2001:db8::1",
  "3fff::1", "5f00::1", "fd00:ec2::254", "fec0::1", "192.0.0.192", "100.100.100.200", "[::127.0.0.1]",
];
export const PUBLIC_ADDRESSES = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2001:4860:4860::8888"];

/** URL forms whose host is an inner address once parsed or resolved (the resolver below is injected). */
export const INNER_URLS: [string, string][] = [
  ["decimal IPv4", "http://2130706433/"],
  ["octal IPv4", "http://0177.0.0.1/"],
  ["hex IPv4", "http://0x7f.0.0.1/"],
  ["short IPv4", "http://127.1/"],
  ["IPv6 loopback", "http://[::1]/"],
  ["IPv4-mapped IPv6", "http://[::ffff:127.0.0.1]/"],
  ["IPv4-mapped hex", "http://[::ffff:a9fe:a9fe]/"],
  ["metadata IP", "http://169.254.169.254/latest/meta-data/"],
  ["metadata name", "http://metadata.google.internal/computeMetadata/v1/"],
  ["localhost name", "http://localhost/"],
  ["DNS resolving inside", "http://inside.attacker.example/"],
  ["DNS with one inner answer", "http://mixed.attacker.example/"],
  ["private range", "http://10.1.2.3:8080/admin"],
  ["CGNAT", "http://100.100.100.200/"],
  ["IPv4-compatible loopback", "http://[::127.0.0.1]/"],
  ["IPv4-compatible metadata", "http://[::a9fe:a9fe]/"],
  ["IPv4-translated", "http://[::ffff:0:a9fe:a9fe]/"],
  ["6to4 of loopback", "http://[2002:7f00:1::]/"],
  ["Teredo", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/"],
  ["local-use NAT64", "http://[64:ff9b:1::a9fe:a9fe]/"],
  ["Azure platform address", "http://168.63.129.16/machine"],
  ["DNS to a 6to4 address", "http://sixtofour.attacker.example/"],
  ["DNS to Azure's wireserver", "http://wire.attacker.example/"],
];
export const BAD_SCHEMES = ["file:///etc/passwd", "data:text/plain;base64,aGk=", "gopher://127.0.0.1:70/_x", "ftp://example.com/a", "javascript:alert(1)", "http://user:pass@example.com/"];

/** An injected resolver: no DNS query leaves the machine. */
export const fakeResolver = async (host: string): Promise<string[]> =>
  ({
    "metadata.google.internal": ["169.254.169.254"],
    localhost: ["127.0.0.1", "::1"],
    "inside.attacker.example": ["10.0.0.5"],
    "mixed.attacker.example": ["93.184.216.34", "192.168.0.10"],
    "public.example": ["93.184.216.34"],
    "sixtofour.attacker.example": ["2002:a9fe:a9fe::1"],
    "wire.attacker.example": ["93.184.216.34", "168.63.129.16"],
  })[host] ?? [];
