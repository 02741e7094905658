using System.CommandLine;
using Compass.Cli.Parsing;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Postgres;
using Compass.Postgres.Calibration;
using Compass.Postgres.Knowledge;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db calibrate --gpu G</c>: refit a GPU class's engine coefficients from stored outcomes.</summary>
internal sealed class DbCalibrateCommand : DbCommand
{
    private readonly Option<string?> _gpu = CliOptions.Name("gpu", "the GPU class to refit", "G", "H100", "compass catalog gpus");
    private readonly Option<double?> _holdBack = CliOptions.Number("hold-back", 0.05, 0.9, "the fraction of outcomes kept out of the fit to judge it (default 0.3)", allowPercent: true);
    private readonly Option<int?> _seed = CliOptions.Int("seed", 0, int.MaxValue, "seed of the hold-back draw (default 0)", "S");
    private readonly Option<bool> _dryRun = CliOptions.Flag("dry-run", "report the refit without activating it");
    private readonly Option<bool> _json = CliOptions.Flag("json", "the report as JSON");

    public DbCalibrateCommand(CliContext context, string name)
        : base(context, name, """
            Refit a GPU's engine coefficients from stored validate outcomes.

            Refits from the outcomes 'compass validate --kb' stored; the refit is used by
            later plans only when it predicts held-back outcomes better.
            """)
    {
        Options.Add(_gpu);
        Options.Add(_holdBack);
        Options.Add(_seed);
        Options.Add(_dryRun);
        Options.Add(_json);
    }

    protected override async Task<int> RunAsync(ParseResult result, CompassDatabase database, CancellationToken cancellationToken)
    {
        var stdout = Context.Stdout;
        var gpuText = result.GetValue(_gpu) ?? throw new CliException("Name the GPU class to refit: compass db calibrate --gpu H100.");
        var knowledgeBase = new PostgresKnowledgeBase(database);
        var catalog = await knowledgeBase.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        var gpus = catalog.ResolveGpus(gpuText);
        if (gpus.Length > 1)
        {
            throw new CliException($"--gpu {gpuText} names {gpus.Length} GPU classes ({string.Join(", ", gpus.Select(g => g.Type.Value))}); refit one at a time.");
        }

        var gpu = gpus[0].Type;
        var request = new CalibrationRequest
        {
            HoldBackFraction = result.GetValue(_holdBack) ?? 0.3,
            Seed = result.GetValue(_seed) ?? 0,
            DryRun = result.GetValue(_dryRun),
        };
        var report = await new OutcomeCalibrationService(database, catalog).CalibrateAsync(gpu, request, cancellationToken).ConfigureAwait(false);
        if (result.GetValue(_json))
        {
            var json = JsonSerializer.SerializeToNode(report, CompassJson.Options)!.AsObject();
            json["dryRun"] = request.DryRun;
            await stdout.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await stdout.WriteLineAsync(F($"Refit of {report.Gpu} from {report.OutcomesUsed + report.OutcomesHeldBack} measured outcomes in {database.Description}:")).ConfigureAwait(false);
        await stdout.WriteLineAsync(F($"  fitted on {report.OutcomesUsed}, judged on {report.OutcomesHeldBack} held back (whole deployments where possible)")).ConfigureAwait(false);
        await stdout.WriteLineAsync(F($"  held-back error (mean absolute % error)   before {report.ErrorBefore:0.0%}   after {report.ErrorAfter:0.0%}")).ConfigureAwait(false);
        await stdout.WriteLineAsync(F($"  in-sample error                            before {report.TrainingErrorBefore:0.0%}   after {report.TrainingErrorAfter:0.0%}")).ConfigureAwait(false);
        foreach (var skipped in report.Skipped)
        {
            await stdout.WriteLineAsync("  skipped: " + skipped).ConfigureAwait(false);
        }

        var reason = report.Reason.Length > 0 ? char.ToUpperInvariant(report.Reason[0]) + report.Reason[1..] : report.Reason;
        await stdout.WriteLineAsync(request.DryRun ? "Dry run: nothing was stored. " + reason : reason).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
