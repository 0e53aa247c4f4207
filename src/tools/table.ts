/**
 * The tool table: the one place that binds each tool of the contract (openapi/tools.json, generated into
 * generated/tools.ts with its Zod and its listed definition) to the handler that answers it. The type makes
 * it exhaustive: a tool added to the contract without a handler here fails to compile.
 */
import type { ToolInput, ToolName } from "../../generated/tools.js";
import type { Handler } from "./context.js";
import { searchModelsTool } from "./search_models.js";
import { getModelSchemaTool } from "./get_model_schema.js";
import { getPricingTool } from "./get_pricing.js";
import { searchDocsTool } from "./search_docs.js";
import { runModelTool } from "./run_model.js";
import { submitJobTool } from "./submit_job.js";
import { checkJobTool } from "./check_job.js";
import { uploadFileTool } from "./upload_file.js";
import { recommendModelTool } from "./recommend_model.js";

export const handlers: { readonly [K in ToolName]: Handler<ToolInput<K>> } = {
  search_models: searchModelsTool,
  get_model_schema: getModelSchemaTool,
  get_pricing: getPricingTool,
  search_docs: searchDocsTool,
  run_model: runModelTool,
  submit_job: submitJobTool,
  check_job: checkJobTool,
  upload_file: uploadFileTool,
  recommend_model: recommendModelTool,
};

export { tools } from "../../generated/tools.js";
export { KEYLESS, READ_ONLY } from "./traits.js";
export type { ToolName };
