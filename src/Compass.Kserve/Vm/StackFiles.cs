namespace Compass.Kserve.Vm;

/// <summary>The names of a VM bundle's files; the stack's files are copied to <see cref="VmOptions.StackFolder"/> on the VM under the same names.</summary>
public static class StackFiles
{
    /// <summary>The Terraform configuration.</summary>
    public const string Terraform = "main.tf";

    /// <summary>The cloud-init user data the VM boots with.</summary>
    public const string CloudInit = "cloud-init.yaml";

    /// <summary>The Docker Compose file.</summary>
    public const string Compose = "compose.yaml";

    /// <summary>The Prometheus configuration.</summary>
    public const string Prometheus = "prometheus.yml";

    /// <summary>The Prometheus rules (the SLO alerts).</summary>
    public const string Rules = Manifests.MonitoringBundle.RulesFileName;

    /// <summary>The Alertmanager configuration.</summary>
    public const string Alertmanager = "alertmanager.yml";

    /// <summary>Grafana's datasource provisioning.</summary>
    public const string GrafanaDatasource = "grafana-datasource.yaml";

    /// <summary>Grafana's dashboard provisioning.</summary>
    public const string GrafanaDashboards = "grafana-dashboards.yaml";

    /// <summary>The Grafana dashboard.</summary>
    public const string GrafanaDashboard = "grafana-dashboard.json";

    /// <summary>
    /// The reverse proxy's configuration (nginx), present when each VM runs more than one replica: it listens on the
    /// VM's API port and spreads the requests over the replicas.
    /// </summary>
    public const string Proxy = "nginx.conf";

    /// <summary>The alerts' runbook.</summary>
    public const string Runbook = Manifests.MonitoringBundle.RunbookFileName;

    /// <summary>The README with the commands.</summary>
    public const string Readme = "README.md";

    /// <summary>The script cloud-init runs: NVIDIA driver, Docker, NVIDIA container toolkit, then the stack.</summary>
    public const string Bootstrap = "bootstrap.sh";

    /// <summary>The files that run on the VM (copied there by cloud-init), in order; <see cref="Proxy"/> only where a VM runs more than one replica.</summary>
    public static IReadOnlyList<string> OnVm { get; } = [Compose, Proxy, Prometheus, Rules, Alertmanager, GrafanaDatasource, GrafanaDashboards, GrafanaDashboard, Bootstrap];
}
