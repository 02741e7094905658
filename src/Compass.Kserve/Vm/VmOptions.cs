using System.Collections.Immutable;
using System.Net;
using System.Text.RegularExpressions;
using Compass.Core;
using Compass.Kserve.Manifests;

namespace Compass.Kserve.Vm;

/// <summary>How to generate a single-VM bundle (<see cref="VmBundleGenerator"/>): the cloud, who may connect, the SSH key and the serving options.</summary>
public sealed partial record VmOptions
{
    /// <summary>The folder on the VM that holds the stack (the bundle's stack files, secrets and <c>.env</c>).</summary>
    public const string StackFolder = "/opt/compass";

    /// <summary>Where Alertmanager sees <c>/opt/compass/secrets/alertmanager</c>; secret files of the alert receivers must lie here.</summary>
    public const string AlertmanagerSecretsFolder = "/etc/alertmanager/secrets";

    /// <summary>Gets the cloud: <c>aws</c>, <c>gcp</c> or <c>azure</c>.</summary>
    public required CloudProvider Provider { get; init; }

    /// <summary>
    /// Gets the networks (CIDR, e.g. <c>10.0.0.0/8</c>) the firewall admits to SSH, the OpenAI endpoint and Grafana; no other
    /// address can connect. At least one; <c>0.0.0.0/0</c> or <c>::/0</c> opens the VM to the internet and is only taken as given, with a warning.
    /// </summary>
    public required ImmutableArray<string> AllowedCidrs { get; init; }

    /// <summary>
    /// Gets the SSH key, by reference: the name of an existing EC2 key pair (AWS), or of an existing SSH public key
    /// resource (Azure, in <see cref="SshKeyResourceGroup"/>). <see langword="null"/> leaves it a Terraform variable
    /// without a default, asked for at apply. Google Cloud uses OS Login (your Google identity's keys), so none is taken there.
    /// </summary>
    public string? SshKeyName { get; init; }

    /// <summary>Gets the resource group of the Azure SSH public key resource, or <see langword="null"/> to ask at apply.</summary>
    public string? SshKeyResourceGroup { get; init; }

    /// <summary>Gets the region (AWS, Google Cloud) or location (Azure), or <see langword="null"/> for the region the catalog price is for.</summary>
    public string? Region { get; init; }

    /// <summary>Gets the port the OpenAI-compatible endpoint is published on. Default 8000.</summary>
    public int ApiPort { get; init; } = 8000;

    /// <summary>
    /// Gets the serving options: name, vLLM image and the monitoring (alert windows and receivers). The Alertmanager
    /// receivers must not be the in-cluster webhooks, and their secret files must lie in <see cref="AlertmanagerSecretsFolder"/>.
    /// </summary>
    public ManifestOptions Manifest { get; init; } = new();

    /// <summary>Gets whether the allowed networks include the whole internet (<c>0.0.0.0/0</c> or <c>::/0</c>).</summary>
    public bool OpenToInternet => AllowedCidrs.IsDefaultOrEmpty is false && AllowedCidrs.Any(c => IPNetwork.TryParse(c, out var n) && n.PrefixLength == 0);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it and says how to fix it.</exception>
    public void Validate()
    {
        if (AllowedCidrs.IsDefaultOrEmpty)
        {
            throw new ArgumentException("Name the networks that may connect (at least one CIDR such as 10.0.0.0/8, your office or VPN range); the firewall admits no one else.", nameof(AllowedCidrs));
        }

        foreach (var cidr in AllowedCidrs)
        {
            if (cidr is null || !cidr.Contains('/', StringComparison.Ordinal) || !IPNetwork.TryParse(cidr, out var network) || network.ToString() != cidr)
            {
                throw new ArgumentException($"'{cidr}' is not a network in CIDR form with its host bits zero (e.g. 10.0.0.0/8, 203.0.113.7/32, 2001:db8::/32).", nameof(AllowedCidrs));
            }
        }

        if (AllowedCidrs.Distinct(StringComparer.Ordinal).Count() != AllowedCidrs.Length)
        {
            throw new ArgumentException("A CIDR is named twice in the allowed networks.", nameof(AllowedCidrs));
        }

        if (SshKeyName is not null && !KeyName().IsMatch(SshKeyName))
        {
            throw new ArgumentException($"The SSH key name '{SshKeyName}' is not a key name (letters, digits, '.', '_', '-', at most 255 characters); name an existing key pair, never the key itself.", nameof(SshKeyName));
        }

        if (SshKeyResourceGroup is not null && !KeyName().IsMatch(SshKeyResourceGroup))
        {
            throw new ArgumentException($"The resource group '{SshKeyResourceGroup}' is not a resource group name.", nameof(SshKeyResourceGroup));
        }

        if (Region is not null && !RegionName().IsMatch(Region))
        {
            throw new ArgumentException($"The region '{Region}' is not a region name (lower-case letters, digits and '-', e.g. us-east-1, us-central1, eastus).", nameof(Region));
        }

        if (ApiPort is < 1024 or > 65535 || ApiPort is 3000 or 9090 or 9093 or 22)
        {
            throw new ArgumentException($"The API port {ApiPort} must be from 1024 to 65535 and not one of the stack's own (22, 3000, 9090, 9093).", nameof(ApiPort));
        }

        ArgumentNullException.ThrowIfNull(Manifest, nameof(Manifest));
        Manifest.Validate();
        if (Manifest.Simulator)
        {
            throw new ArgumentException("The VM target runs vLLM on the VM's GPUs; the simulator is for Kubernetes clusters without GPUs.", nameof(Manifest));
        }

        var alerts = Manifest.Monitoring.Alertmanager;
        if (alerts.SendToWebhooks && new[] { alerts.CriticalWebhook, alerts.WarningWebhook }.Any(u => u.Host.EndsWith(".svc", StringComparison.OrdinalIgnoreCase) || u.Host.Contains(".svc.", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("The alert webhooks are in-cluster addresses (*.svc) that a VM cannot reach; send alerts by e-mail, Slack or PagerDuty instead, or name webhooks the VM can reach.", nameof(Manifest));
        }

        foreach (var file in new[] { alerts.CredentialsFile, alerts.Email?.PasswordFile, alerts.Slack?.ApiUrlFile, alerts.PagerDuty?.RoutingKeyFile })
        {
            if (file is not null && !file.StartsWith(AlertmanagerSecretsFolder + "/", StringComparison.Ordinal))
            {
                throw new ArgumentException($"The secret file '{file}' must lie in {AlertmanagerSecretsFolder}/, where the VM mounts {StackFolder}/secrets/alertmanager.", nameof(Manifest));
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyName();

    [GeneratedRegex(@"^[a-z][a-z0-9-]{1,40}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}
