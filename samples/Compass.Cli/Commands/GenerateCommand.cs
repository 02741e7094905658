using System.CommandLine;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Core.Serialization;

namespace Compass.Cli.Commands;

/// <summary><c>compass generate --plan plan.json</c>: KServe/vLLM manifests for a saved plan.</summary>
internal sealed class GenerateCommand : Command
{
    private readonly CliContext _context;
    private readonly ManifestSwitches _manifests = new();
    private readonly VmSwitches _vm = new();
    private readonly Option<DeploymentTarget?> _target = CliOptions.Choice("target", new Dictionary<string, DeploymentTarget>(StringComparer.Ordinal) { ["kserve"] = DeploymentTarget.Kserve, ["vm"] = DeploymentTarget.Vm }, "kserve (default): Kubernetes manifests; vm: one GPU VM per replica with Terraform, cloud-init and Docker Compose (docs/vm.md)");
    private readonly Option<string?> _plan = CliOptions.Text("plan", "the plan (the output of 'compass plan --json')", "FILE");
    private readonly Option<int?> _rank = CliOptions.Int("rank", 1, 1000, "the recommendation to deploy (default 1)");

    public GenerateCommand(CliContext context)
        : base("generate", """
            KServe/vLLM manifests for a saved plan.

            Writes Kubernetes manifests for one recommendation of a plan saved with 'compass plan ... --json > plan.json':
            a KServe InferenceService running vLLM, a KEDA ScaledObject, a ServiceMonitor, a PrometheusRule with the
            plan's SLO alerts, a Grafana dashboard ConfigMap and a PodDisruptionBudget, each validated against its schema.

            DIR must be new, empty, or a folder Compass wrote before. There Compass replaces only the files it recorded
            in DIR/.compass-manifests (and removes recorded files the new set no longer has); it never touches other
            files, and it refuses the file-system root, home folders, the current folder and its parents.

            --target vm writes, for one GPU VM per replica on --provider aws|gcp|azure: Terraform (a firewall open only to
            --allow-cidr, the SSH key by name), cloud-init (NVIDIA driver and container toolkit), a Docker Compose stack of
            vLLM, Prometheus, Alertmanager and Grafana, the runbook and a README with the commands and the VM price beside
            the plan's Kubernetes GPU-hours. See docs/vm.md.
            """)
    {
        _context = context;
        Options.Add(_plan);
        Options.Add(_rank);
        Options.Add(_target);
        _manifests.AddTo(this);
        _vm.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var vm = result.GetValue(_target) == DeploymentTarget.Vm;
        if (!vm)
        {
            _vm.RefuseWithoutVm(result);
        }

        _manifests.Check(result, needsOut: false);
        var path = result.GetValue(_plan) ?? throw new CliException("Give the plan: compass generate --plan plan.json (save one with 'compass plan ... --json > plan.json').");
        var catalog = await CliServices.CatalogAsync(_context.KnowledgeBase(result), cancellationToken).ConfigureAwait(false);
        Plan plan;
        try
        {
            plan = await PlanFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read --plan '{path}': {ex.Message}");
        }
        catch (FormatException ex)
        {
            throw new CliException($"--plan '{path}': {ex.Message}");
        }

        if (vm)
        {
            if (plan.Recommendations.IsEmpty)
            {
                throw new CliException("The plan has no recommendation to deploy (no configuration met the SLOs).", ExitCodes.NoFeasiblePlan);
            }

            return await _vm.WriteAsync(plan, result.GetValue(_rank) ?? 1, result, _manifests, _context.Stdout, catalog, cancellationToken).ConfigureAwait(false);
        }

        return await _manifests.WriteAsync(plan, result.GetValue(_rank) ?? 1, result, _context.Stdout, catalog, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What <c>compass generate</c> writes.</summary>
internal enum DeploymentTarget
{
    /// <summary>KServe/vLLM manifests for a Kubernetes cluster.</summary>
    Kserve,

    /// <summary>A single-VM bundle: Terraform, cloud-init and Docker Compose.</summary>
    Vm,
}
