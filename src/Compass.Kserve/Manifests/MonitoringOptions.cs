namespace Compass.Kserve.Manifests;

/// <summary>
/// How the SLO alerts, their runbook, their promtool unit tests, the Alertmanager configuration and the dashboard are
/// generated. The defaults suit production (a 5-minute <c>for:</c> and 5-minute rate windows); tests that run a real
/// Prometheus for seconds use short ones, and nothing else in the output changes with them.
/// </summary>
public sealed record MonitoringOptions
{
    /// <summary>The shortest <see cref="AlertFor"/>: one second.</summary>
    public static readonly TimeSpan MinimumAlertFor = TimeSpan.FromSeconds(1);

    /// <summary>The shortest <see cref="RateWindow"/>: two seconds (a rate needs two samples).</summary>
    public static readonly TimeSpan MinimumRateWindow = TimeSpan.FromSeconds(2);

    /// <summary>The longest <see cref="AlertFor"/> and <see cref="RateWindow"/>: seven days.</summary>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromDays(7);

    /// <summary>Gets how long an alert's condition must hold before it fires (<c>for:</c>). Whole seconds, at least 1 s. Default 5 minutes.</summary>
    public TimeSpan AlertFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets the window of every <c>rate()</c> in the alerts and the dashboard (latency histograms, request and error
    /// counters). Whole seconds, at least 2 s and at least two scrape intervals in practice. Default 5 minutes.
    /// </summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets the address at which the generated runbook (<see cref="MonitoringBundle.RunbookFileName"/>) is published, for
    /// the alerts' <c>runbook_url</c> (each alert adds its own <c>#anchor</c>), or <see langword="null"/> (the default) for
    /// the relative <c>runbook.md</c> beside the manifests.
    /// </summary>
    public Uri? RunbookUrl { get; init; }

    /// <summary>Gets how the generated Alertmanager configuration routes and delivers the alerts.</summary>
    public AlertmanagerOptions Alertmanager { get; init; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it and says why.</exception>
    public void Validate()
    {
        PrometheusDuration.Check(AlertFor, MinimumAlertFor, nameof(AlertFor));
        PrometheusDuration.Check(RateWindow, MinimumRateWindow, nameof(RateWindow));
        if (RunbookUrl is not null && (RunbookUrl is not { IsAbsoluteUri: true, Scheme: "http" or "https" } || RunbookUrl.Fragment.Length > 0
            || RunbookUrl.OriginalString.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ArgumentException($"The runbook URL '{RunbookUrl}' must be an absolute http(s) URL without a '#fragment' (each alert adds its own).", nameof(RunbookUrl));
        }

        ArgumentNullException.ThrowIfNull(Alertmanager, nameof(Alertmanager));
        Alertmanager.Validate();
    }
}

/// <summary>
/// The Alertmanager configuration Compass generates: one webhook receiver per severity, routed by the alerts'
/// <c>severity</c> label. Secrets never appear in it: a bearer token is read from a file (a mounted Secret), and a
/// webhook URL that carries credentials (user information or a query string) is refused.
/// </summary>
public sealed record AlertmanagerOptions
{
    /// <summary>Gets the webhook that receives <c>severity="critical"</c> alerts (a pager bridge, say). Default <c>http://alert-relay.monitoring.svc:8080/critical</c>.</summary>
    public Uri CriticalWebhook { get; init; } = new("http://alert-relay.monitoring.svc:8080/critical");

    /// <summary>Gets the webhook that receives <c>severity="warning"</c> alerts, and any alert without a severity. Default <c>http://alert-relay.monitoring.svc:8080/warning</c>.</summary>
    public Uri WarningWebhook { get; init; } = new("http://alert-relay.monitoring.svc:8080/warning");

    /// <summary>
    /// Gets the file Alertmanager reads the webhooks' bearer token from (<c>credentials_file</c>, e.g. a mounted Secret),
    /// or <see langword="null"/> (the default) to send no <c>Authorization</c> header.
    /// </summary>
    public string? CredentialsFile { get; init; }

    /// <summary>
    /// Gets whether alerts are delivered to <see cref="CriticalWebhook"/> and <see cref="WarningWebhook"/>. Default
    /// <see langword="true"/>; set it to <see langword="false"/> to deliver only by <see cref="Email"/>, <see cref="Slack"/> and <see cref="PagerDuty"/>.
    /// </summary>
    public bool SendToWebhooks { get; init; } = true;

    /// <summary>Gets where alerts of both severities are e-mailed, or <see langword="null"/> (the default) for no e-mail.</summary>
    public EmailAlerts? Email { get; init; }

    /// <summary>Gets the Slack channel alerts of both severities are posted to, or <see langword="null"/> (the default) for none.</summary>
    public SlackAlerts? Slack { get; init; }

    /// <summary>Gets the PagerDuty service critical alerts page, or <see langword="null"/> (the default) for none.</summary>
    public PagerDutyAlerts? PagerDuty { get; init; }

    /// <summary>Gets how long Alertmanager waits to group the first alerts of a group. Default 30 s.</summary>
    public TimeSpan GroupWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how long Alertmanager waits before notifying about new alerts in a group already notified. Default 5 minutes.</summary>
    public TimeSpan GroupInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets how long Alertmanager waits before repeating a notification still firing. Default 4 hours.</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it and says why.</exception>
    public void Validate()
    {
        CheckWebhook(CriticalWebhook, nameof(CriticalWebhook));
        CheckWebhook(WarningWebhook, nameof(WarningWebhook));
        Email?.Validate();
        Slack?.Validate();
        PagerDuty?.Validate();
        if (!SendToWebhooks && Email is null && Slack is null)
        {
            throw new ArgumentException(
                PagerDuty is null
                    ? "The alerts go nowhere: with the webhooks off, give an e-mail address, a Slack channel or a PagerDuty routing key file."
                    : "Warning alerts go nowhere: PagerDuty receives only critical alerts, so with the webhooks off give an e-mail address or a Slack channel too.",
                nameof(SendToWebhooks));
        }

        if (CredentialsFile is not null && (!Path.IsPathFullyQualified(CredentialsFile) || CredentialsFile.Any(c => char.IsControl(c))))
        {
            throw new ArgumentException($"The credentials file '{CredentialsFile}' must be an absolute path (where the token Secret is mounted).", nameof(CredentialsFile));
        }

        PrometheusDuration.Check(GroupWait, TimeSpan.FromSeconds(1), nameof(GroupWait));
        PrometheusDuration.Check(GroupInterval, TimeSpan.FromSeconds(1), nameof(GroupInterval));
        PrometheusDuration.Check(RepeatInterval, TimeSpan.FromSeconds(1), nameof(RepeatInterval));
    }

    private static void CheckWebhook(Uri? url, string name)
    {
        if (url is not { IsAbsoluteUri: true, Scheme: "http" or "https" } || url.OriginalString.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"The webhook '{url}' must be an absolute http(s) URL.", name);
        }

        if (url.UserInfo.Length > 0 || url.Query.Length > 0)
        {
            throw new ArgumentException($"The webhook '{url.GetLeftPart(UriPartial.Path)}' carries user information or a query string, which usually hold credentials; the generated configuration never holds secrets, so give the token as a file (CredentialsFile) instead.", name);
        }
    }
}
