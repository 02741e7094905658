using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;
using Compass.Kserve.Vm;

namespace Compass.Cli.Commands;

/// <summary>The options of <c>compass generate --target vm</c>: a single-VM bundle (Terraform, cloud-init, Docker Compose).</summary>
internal sealed class VmSwitches
{
    public Option<string?> Provider { get; } = CliOptions.Text("provider", "with --target vm: the cloud, aws, gcp or azure", "CLOUD");

    public Option<IReadOnlyList<string>> AllowCidr { get; } = CliOptions.List("allow-cidr", "with --target vm (required): a network the firewall admits to SSH, the API and Grafana, e.g. 10.0.0.0/8; repeat for more", "CIDR[,CIDR]");

    public Option<string?> SshKey { get; } = CliOptions.Text("ssh-key", "with --target vm: the name of an existing EC2 key pair (aws) or SSH public key resource (azure); never the key itself", "NAME");

    public Option<string?> SshKeyGroup { get; } = CliOptions.Text("ssh-key-group", "with --target vm --provider azure: the resource group of that SSH public key", "GROUP");

    public Option<string?> Region { get; } = CliOptions.Text("region", "with --target vm: the region (default: the one the catalog price is for)", "REGION");

    public Option<string?> AlertEmail { get; } = CliOptions.Text("alert-email", "with --target vm: e-mail alerts (critical and warning) to this address; needs --smtp-host and --smtp-from", "ADDRESS");

    public Option<string?> SmtpHost { get; } = CliOptions.Text("smtp-host", "with --alert-email: the SMTP relay, host:port", "HOST:PORT");

    public Option<string?> SmtpFrom { get; } = CliOptions.Text("smtp-from", "with --alert-email: the sender address", "ADDRESS");

    public Option<string?> SmtpUser { get; } = CliOptions.Text("smtp-user", "with --alert-email: the SMTP user; its password is a file on the VM, never given here", "USER");

    public Option<string?> AlertSlack { get; } = CliOptions.Text("alert-slack", "with --target vm: post alerts (critical and warning) to this Slack channel; the webhook URL is a file on the VM", "#CHANNEL");

    public Option<bool> AlertPagerDuty { get; } = CliOptions.Flag("alert-pagerduty", "with --target vm: page PagerDuty on critical alerts; the routing key is a file on the VM");

    public Option<bool> Json { get; } = CliOptions.Flag("json", "with --target vm: print a JSON summary (instance, files, VM price beside the plan's Kubernetes GPU-hours)");

    private IEnumerable<Option> All => [Provider, AllowCidr, SshKey, SshKeyGroup, Region, AlertEmail, SmtpHost, SmtpFrom, SmtpUser, AlertSlack, AlertPagerDuty, Json];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Refuses the VM options without <c>--target vm</c>.</summary>
    public void RefuseWithoutVm(ParseResult result)
    {
        if (All.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } stray)
        {
            throw new CliException($"{stray.Name} only applies with --target vm.");
        }
    }

    /// <summary>Generates and writes the bundle.</summary>
    public async Task<int> WriteAsync(Plan plan, int rank, ParseResult result, ManifestSwitches manifests, TextWriter stdout, KnowledgeCatalog catalog, CancellationToken cancellationToken)
    {
        foreach (var kserveOnly in new Option[] { manifests.Simulator, manifests.AllowFrom, manifests.MetricsFrom, manifests.HfSecret, manifests.SimulatorImage, manifests.RunAsUser, manifests.ImageRunsAsNonRoot })
        {
            if (result.GetResult(kserveOnly) is { Implicit: false })
            {
                throw new CliException($"{kserveOnly.Name} shapes the Kubernetes manifests and does not apply with --target vm.");
            }
        }

        var instances = CloudInstanceCatalog.Embedded;
        var known = string.Join(", ", instances.Providers);
        var providerText = result.GetValue(Provider) ?? throw new CliException($"--target vm needs --provider: one of {known}.");
        var provider = CloudProvider.Parse(providerText);
        if (!instances.Providers.Contains(provider))
        {
            throw new CliException($"--provider '{providerText}' is not one Compass has a VM catalog for; use one of {known}.");
        }

        var cidrs = result.GetValue(AllowCidr) ?? [];
        if (cidrs.Count == 0)
        {
            throw new CliException("--target vm needs --allow-cidr: the networks that may reach the VM (SSH, the API, Grafana), e.g. --allow-cidr 10.0.0.0/8 (repeatable). Nothing is open by default; --allow-cidr 0.0.0.0/0 opens it to the internet, with a warning.");
        }

        var directory = result.GetValue(manifests.Out) ?? throw new CliException("--target vm writes a folder of files (Terraform, cloud-init, Compose, README): give --out DIR.");
        if (provider != CloudProvider.Azure && result.GetValue(SshKeyGroup) is not null)
        {
            throw new CliException("--ssh-key-group names the resource group of an Azure SSH key; it applies only with --provider azure.");
        }

        if (provider == CloudProvider.Gcp && result.GetValue(SshKey) is not null)
        {
            throw new CliException("--ssh-key does not apply with --provider gcp: the VMs use OS Login, so you sign in with your Google identity's keys (gcloud compute ssh).");
        }

        var recommendation = plan.Recommendations.FirstOrDefault(r => r.Rank == rank)
            ?? throw new CliException($"--rank {rank}: the plan has recommendations ranked {string.Join(", ", plan.Recommendations.Select(r => r.Rank))}.");
        var defaults = new ManifestOptions();
        var options = new VmOptions
        {
            Provider = provider,
            AllowedCidrs = [.. cidrs],
            SshKeyName = result.GetValue(SshKey),
            SshKeyResourceGroup = result.GetValue(SshKeyGroup),
            Region = result.GetValue(Region),
            Manifest = defaults with
            {
                Namespace = result.GetValue(manifests.Namespace) ?? defaults.Namespace,
                Name = result.GetValue(manifests.Name),
                VllmImage = result.GetValue(manifests.Image),
                Monitoring = manifests.Monitoring(result, Receivers(result)),
            },
        };

        VmBundle bundle;
        try
        {
            bundle = new VmBundleGenerator(catalog, instances).Generate(plan, recommendation, options);
        }
        catch (VmTargetException ex)
        {
            var remedies = new List<string>();
            if (ex.OtherProvider is { } other)
            {
                remedies.Add($"--provider {other}");
            }

            if (ex.ClosestGpu is { } closest)
            {
                remedies.Add($"'compass plan ... --gpu {closest} --json > plan.json', then --provider {provider} again");
            }

            throw new CliException($"--provider {provider}: {ex.Message}" + (remedies.Count == 0 ? string.Empty : $" (Try {string.Join(", or ", remedies)}.)"));
        }
        catch (ArgumentException ex)
        {
            throw new CliException(Flag(ex));
        }
        catch (ManifestValidationException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Failure);
        }

        ManifestWriteResult written;
        try
        {
            written = await ManifestWriter.WriteBundleAsync(bundle, directory, result.GetValue(manifests.Force), cancellationToken).ConfigureAwait(false);
        }
        catch (ManifestOutputException ex)
        {
            throw new CliException(ex.ForceReplaces ? $"--out: {ex.Message} (Pass --force to replace them.)" : $"--out: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--out '{directory}': {ex.Message} Nothing was changed.", ExitCodes.Failure);
        }

        if (result.GetValue(Json))
        {
            await stdout.WriteLineAsync(Summary(bundle, written).ToJsonString(CompassJson.Options)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var i = bundle.Instance;
        var c = bundle.Cost;
        await stdout.WriteLineAsync(Invariant($"VM bundle for #{bundle.Rank} {bundle.Settings.ServedModelName}: {bundle.VmCount} × {i.Type} ({i.GpuCount}× {i.Gpu}{(bundle.ReplicasPerVm > 1 ? Invariant($", {bundle.ReplicasPerVm} replicas each, {bundle.Replicas} in all") : string.Empty)}) on {bundle.Provider} in {bundle.Region}, {bundle.DiskGiB} GB disk each:")).ConfigureAwait(false);
        foreach (var file in written.Written)
        {
            await stdout.WriteLineAsync("  " + file).ConfigureAwait(false);
        }

        foreach (var file in written.Removed)
        {
            await stdout.WriteLineAsync($"  removed {file} (written by Compass earlier; the new bundle has no such file)").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync(Invariant($"  cost: VMs ${c.TotalUsdPerHour:N2}/hour, ${c.MonthlyUsd:N0}/month ({bundle.VmCount} × ${c.VmUsdPerHour:0.####}/hour, {bundle.Provider} list on-demand, {c.PriceRegion}, {c.PriceAsOf}); Kubernetes per the plan ${c.KubernetesMonthlyUsd:N0}/month ({c.KubernetesGpus} GPUs × ${c.KubernetesUsdPerGpuHour:0.####}/GPU-hour)")).ConfigureAwait(false);
        foreach (var warning in bundle.Warnings)
        {
            await stdout.WriteLineAsync("  warning: " + warning).ConfigureAwait(false);
        }

        foreach (var note in bundle.Notes)
        {
            await stdout.WriteLineAsync("  note: " + note).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"Deploy with: cd {directory} && terraform init && terraform apply  (see {Path.Combine(directory, StackFiles.Readme)})").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private AlertmanagerOptions Receivers(ParseResult result)
    {
        var email = result.GetValue(AlertEmail);
        var host = result.GetValue(SmtpHost);
        var from = result.GetValue(SmtpFrom);
        var user = result.GetValue(SmtpUser);
        if (email is null && (host ?? from ?? user) is not null)
        {
            throw new CliException("--smtp-host, --smtp-from and --smtp-user shape e-mail alerts; give --alert-email too.");
        }

        if (email is not null && (host is null || from is null))
        {
            throw new CliException("--alert-email needs --smtp-host HOST:PORT (the relay) and --smtp-from ADDRESS (the sender).");
        }

        var slack = result.GetValue(AlertSlack);
        var pagerDuty = result.GetValue(AlertPagerDuty);
        if (email is null && slack is null)
        {
            throw new CliException(pagerDuty
                ? "--alert-pagerduty pages on critical alerts only; give --alert-email or --alert-slack too, for the warnings."
                : "--target vm needs somewhere to send alerts: --alert-email ADDRESS (with --smtp-host and --smtp-from), --alert-slack #CHANNEL, and/or --alert-pagerduty.");
        }

        return new AlertmanagerOptions
        {
            SendToWebhooks = false,
            Email = email is null ? null : new EmailAlerts
            {
                To = email,
                From = from!,
                Smarthost = host!,
                Username = user,
                PasswordFile = user is null ? null : VmOptions.AlertmanagerSecretsFolder + "/smtp-password",
            },
            Slack = slack is null ? null : new SlackAlerts { Channel = slack, ApiUrlFile = VmOptions.AlertmanagerSecretsFolder + "/slack-webhook-url" },
            PagerDuty = pagerDuty ? new PagerDutyAlerts { RoutingKeyFile = VmOptions.AlertmanagerSecretsFolder + "/pagerduty-routing-key" } : null,
        };
    }

    // The library names the option property; the user typed a flag.
    private static string Flag(ArgumentException ex)
    {
        var message = ex.Message.Split(" (Parameter '", 2)[0];
        var flag = ex.ParamName switch
        {
            nameof(VmOptions.AllowedCidrs) => "--allow-cidr",
            nameof(VmOptions.SshKeyName) => "--ssh-key",
            nameof(VmOptions.SshKeyResourceGroup) => "--ssh-key-group",
            nameof(VmOptions.Region) => "--region",
            nameof(EmailAlerts.To) => "--alert-email",
            nameof(EmailAlerts.From) => "--smtp-from",
            nameof(EmailAlerts.Smarthost) => "--smtp-host",
            nameof(EmailAlerts.Username) => "--smtp-user",
            nameof(SlackAlerts.Channel) => "--alert-slack",
            nameof(ManifestOptions.Name) => "--name",
            nameof(ManifestOptions.Namespace) => "--namespace",
            nameof(ManifestOptions.VllmImage) or "options" => "--image",
            _ => null,
        };
        return flag is null ? message : $"{flag}: {message}";
    }

    private static JsonObject Summary(VmBundle bundle, ManifestWriteResult written)
    {
        var i = bundle.Instance;
        var c = bundle.Cost;
        return new JsonObject
        {
            ["target"] = "vm",
            ["rank"] = bundle.Rank,
            ["provider"] = bundle.Provider.Value,
            ["region"] = bundle.Region,
            ["instance"] = SingleVmJson.InstanceJson(i),
            ["vmCount"] = bundle.VmCount,
            ["replicasPerVm"] = bundle.ReplicasPerVm,
            ["replicas"] = bundle.Replicas,
            ["diskGiB"] = bundle.DiskGiB,
            ["allowedCidrs"] = new JsonArray([.. bundle.AllowedCidrs.Select(x => (JsonNode)JsonValue.Create(x))]),
            ["cost"] = new JsonObject
            {
                ["vmUsdPerHour"] = c.VmUsdPerHour,
                ["totalUsdPerHour"] = Math.Round(c.TotalUsdPerHour, 4),
                ["monthlyUsd"] = Math.Round(c.MonthlyUsd, 2),
                ["hoursPerMonth"] = VmCost.HoursPerMonth,
                ["idleGpus"] = c.IdleGpus,
                ["priceBasis"] = "list on-demand",
                ["priceRegion"] = c.PriceRegion,
                ["priceAsOf"] = c.PriceAsOf,
                ["priceSource"] = c.PriceSource.ToString(),
                ["kubernetes"] = new JsonObject
                {
                    ["gpus"] = c.KubernetesGpus,
                    ["usdPerGpuHour"] = c.KubernetesUsdPerGpuHour,
                    ["monthlyUsd"] = c.KubernetesMonthlyUsd,
                    ["basis"] = c.KubernetesBasis,
                },
            },
            ["vllmImage"] = bundle.VllmImage,
            ["vllmArguments"] = new JsonArray([.. bundle.VllmArguments.Select(x => (JsonNode)JsonValue.Create(x))]),
            ["directory"] = written.Directory,
            ["files"] = new JsonArray([.. written.Written.Select(x => (JsonNode)JsonValue.Create(x))]),
            ["warnings"] = new JsonArray([.. bundle.Warnings.Select(x => (JsonNode)JsonValue.Create(x))]),
            ["notes"] = new JsonArray([.. bundle.Notes.Select(x => (JsonNode)JsonValue.Create(x))]),
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
