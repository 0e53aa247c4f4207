/** The tool table: generated definitions + hand-written handlers, built once per process. */
import { tools } from "../../generated/tools.js";
import type { ToolName } from "../../generated/tool-definitions.js";
import type { Handler } from "../tools/context.js";
import { searchModelsTool } from "../tools/search_models.js";
import { getModelSchemaTool } from "../tools/get_model_schema.js";
import { getPricingTool } from "../tools/get_pricing.js";
import { searchDocsTool } from "../tools/search_docs.js";
import { runModelTool } from "../tools/run_model.js";
import { submitJobTool } from "../tools/submit_job.js";
import { checkJobTool } from "../tools/check_job.js";
import { uploadFileTool } from "../tools/upload_file.js";
import { recommendModelTool } from "../tools/recommend_model.js";

export const handlers: { [K in ToolName]: Handler<any> } = {
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

export { KEYLESS, READ_ONLY } from "./tool-sets.js";

export { tools, type ToolName };
