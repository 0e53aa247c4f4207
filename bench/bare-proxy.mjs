// The reference fal hop (issue 13): node:http in, one keep-alive POST to the emulator's queue, its answer
// wrapped in JSON-RPC. Its own process, as fal-mcp is: sharing the load generator's thread would slow it.
// Usage: node bench/bare-proxy.mjs <emulator origin> <key>; prints its /mcp URL.
import http from "node:http";

const [origin, key] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true });
const target = new URL(`${origin}/queue/fal-ai/flux/dev`);
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const input = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString()).params.arguments.input);
    const up = http.request(
      target,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", authorization: `Key ${key}`, "content-length": Buffer.byteLength(input) },
      },
      (r) => {
        const got = [];
        r.on("data", (c) => got.push(c));
        r.on("end", () => {
          const body = `{"result":{"content":[{"type":"text","text":"submitted"}],"structuredContent":${Buffer.concat(got).toString()}},"jsonrpc":"2.0","id":1}`;
          res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
          res.end(body);
        });
      },
    );
    // A keep-alive socket the emulator closed while idle: answered as an error (counted by autocannon).
    up.on("error", () => {
      if (res.headersSent) return;
      res.writeHead(502);
      res.end();
    });
    up.end(input);
  });
});
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/mcp`));
