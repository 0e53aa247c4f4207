// The runtime's limit: a bare node:http server answering every POST with a canned JSON-RPC result.
import http from "node:http";
const body = JSON.stringify({
  result: { content: [{ type: "text", text: "canned" }], structuredContent: { models: [] } },
  jsonrpc: "2.0",
  id: 1,
});
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/mcp`));
