using System.Net.Mail;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Alerts by e-mail (<c>email_configs</c>) to one address, for both severities. The SMTP password, if the relay needs
/// one, is read by Alertmanager from <see cref="PasswordFile"/> (<c>auth_password_file</c>); it never appears in the configuration.
/// </summary>
public sealed record EmailAlerts
{
    /// <summary>Gets the address the alerts go to.</summary>
    public required string To { get; init; }

    /// <summary>Gets the sender address.</summary>
    public required string From { get; init; }

    /// <summary>Gets the SMTP relay as <c>host:port</c> (<c>smtp.example.com:587</c>).</summary>
    public required string Smarthost { get; init; }

    /// <summary>Gets the SMTP user name, or <see langword="null"/> for a relay without authentication.</summary>
    public string? Username { get; init; }

    /// <summary>Gets the absolute path of the file holding the SMTP password (required with <see cref="Username"/>).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it.</exception>
    public void Validate()
    {
        Address(To, nameof(To));
        Address(From, nameof(From));
        var colon = Smarthost?.LastIndexOf(':') ?? -1;
        if (Smarthost is null || colon < 1 || !int.TryParse(Smarthost[(colon + 1)..], out var port) || port is < 1 or > 65535
            || Uri.CheckHostName(Smarthost[..colon].Trim('[', ']')) == UriHostNameType.Unknown)
        {
            throw new ArgumentException($"The SMTP relay '{Smarthost}' must be host:port, e.g. smtp.example.com:587.", nameof(Smarthost));
        }

        if (Username is not null && (Username.Length == 0 || Username.Any(char.IsControl)))
        {
            throw new ArgumentException("The SMTP user name must not be empty or hold control characters.", nameof(Username));
        }

        if ((Username is null) != (PasswordFile is null))
        {
            throw new ArgumentException("Give the SMTP user name and its password file together, or neither (a relay without authentication).", nameof(PasswordFile));
        }

        SecretFiles.Check(PasswordFile, nameof(PasswordFile));
    }

    private static void Address(string? value, string name)
    {
        if (value is null || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || !MailAddress.TryCreate(value, out var parsed) || parsed.Address != value)
        {
            throw new ArgumentException($"'{value}' is not an e-mail address (name@example.com).", name);
        }
    }
}

/// <summary>Alerts to a Slack channel through an incoming webhook, for both severities. The webhook URL is a secret, read from <see cref="ApiUrlFile"/> (<c>api_url_file</c>).</summary>
public sealed record SlackAlerts
{
    /// <summary>Gets the channel (<c>#llm-alerts</c>).</summary>
    public required string Channel { get; init; }

    /// <summary>Gets the absolute path of the file holding the incoming-webhook URL.</summary>
    public required string ApiUrlFile { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Channel) || Channel.Length > 80 || Channel.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"The Slack channel '{Channel}' must be a channel name such as #llm-alerts (no spaces).", nameof(Channel));
        }

        SecretFiles.Check(ApiUrlFile, nameof(ApiUrlFile));
    }
}

/// <summary>Critical alerts to PagerDuty (Events API v2). The integration's routing key is a secret, read from <see cref="RoutingKeyFile"/> (<c>routing_key_file</c>).</summary>
public sealed record PagerDutyAlerts
{
    /// <summary>Gets the absolute path of the file holding the routing (integration) key.</summary>
    public required string RoutingKeyFile { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it.</exception>
    public void Validate() => SecretFiles.Check(RoutingKeyFile, nameof(RoutingKeyFile));
}

/// <summary>Checks the paths of files that hold secrets.</summary>
internal static class SecretFiles
{
    public static void Check(string? path, string name)
    {
        if (path is not null && (!path.StartsWith('/') || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || path.Split('/').Contains("..")))
        {
            throw new ArgumentException($"The secret file '{path}' must be an absolute path without spaces or '..' (where the secret is mounted).", name);
        }
    }
}
