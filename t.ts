import { RELEVANCE } from "./test/relevance/set.js";
import { searchModelsTool } from "./src/tools/search_models.js";
import { recommendModelTool } from "./src/tools/recommend_model.js";
let t1=0,t3=0;
for (const c of RELEVANCE) {
  const r: any = c.kind==="search" ? await searchModelsTool({query:c.query, limit: 5, ...(c.category?{category:c.category}:{})} as any, {} as any) : await recommendModelTool({task:c.query, limit: 5} as any, {} as any);
  const ids = (c.kind==="search"? r.structuredContent.models : r.structuredContent.recommendations).map((m:any)=>m.endpoint_id);
  const h1 = c.accept.test(ids[0]??""), h3 = ids.slice(0,3).some((i:string)=>c.accept.test(i));
  t1+= +h1; t3+= +h3;
  if (!h3) console.log("MISS", c.kind, c.query, "->", ids.slice(0,3).join(", "));
}
console.log(RELEVANCE.length, "top1", t1, "top3", t3);
