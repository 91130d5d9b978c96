// Activation: wiring only. Each concern lives in its own module.
import * as vscode from 'vscode';
import { ApiAccess } from './apiAccess';
import { ApiDiagnostics } from './apiDiagnostics';
import { registerBatchInputs } from './batchInputs';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerCheckInputCommand } from './commands/checkInput';
import { registerJobCommands } from './commands/jobs';
import { registerNewFileCommand } from './commands/newFile';
import { registerServerCommands } from './commands/server';
import { registerSubmitCommand } from './commands/submit';
import { registerTryCommand } from './commands/try';
import { Config } from './config';
import { Ctx } from './ctx';
import { createExports, MistralBatchExports } from './exports';
import { createJobs } from './jobs';
import { registerLargeInputs } from './largeInputs';
import { createLog } from './log';
import { registerModelCatalogue } from './models';
import { ApiKeys } from './secrets';
import { registerLanguageStatus } from './status';
import { Submissions } from './submissions';
import { registerResultCommands } from './results/retry';
import { submittedRequests } from './results/submitted';

export async function activate(context: vscode.ExtensionContext): Promise<MistralBatchExports> {
  const started = performance.now();
  const log = createLog();
  const config = new Config();
  const ctx = new Ctx(context, log);
  const keys = new ApiKeys(context.secrets, log);
  const access = new ApiAccess(config, keys);
  const submissions = new Submissions(context.workspaceState);
  const diagnostics = new ApiDiagnostics();
  const { jobs, disposables } = createJobs(access, submissions, config, log);
  const inputs = registerBatchInputs(ctx, context.workspaceState);
  const large = registerLargeInputs();
  context.subscriptions.push(
    log.channel, ctx, registerLanguageStatus(ctx), ...registerServerCommands(ctx),
    keys, access, submissions, diagnostics, ...disposables,
    ...registerApiKeyCommands(keys, access),
    registerNewFileCommand(ctx),
    registerSubmitCommand({ ctx, config, access, submissions, diagnostics, jobs }),
    ...registerTryCommand({ ctx, access, diagnostics }),
    ...registerJobCommands({ log, access, submissions, jobs }),
    ...registerResultCommands(submissions, log),
    ...registerModelCatalogue(ctx, access, log),
    ...inputs.disposables,
    registerCheckInputCommand(ctx),
    ...large.disposables,
  );
  ctx.answerSubmittedRequests(submittedRequests(submissions));
  const wiringMs = performance.now() - started;
  try {
    await ctx.start();
  } catch (e) {
    log.error(`The Mistral Batch language server did not start: ${String(e)}`);
  }
  const serverReadyMs = performance.now() - started;
  log.info(`Activated in ${wiringMs.toFixed(1)} ms; language server ready after ${serverReadyMs.toFixed(0)} ms.`);
  return createExports(jobs, { wiringMs, serverReadyMs }, inputs, large);
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop the client.
}
