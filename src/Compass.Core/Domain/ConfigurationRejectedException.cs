namespace Compass.Core;

/// <summary>A configuration cannot be used (e.g. its weights do not fit in GPU memory); <see cref="Reason"/> says why, as data.</summary>
public sealed class ConfigurationRejectedException : ArgumentException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="reason">Why the configuration cannot be used.</param>
    /// <param name="advice">What to change, in the library's terms, appended to the message.</param>
    public ConfigurationRejectedException(RejectionReason reason, string? advice = null)
        : base(Compose(reason, advice)) => Reason = reason;

    /// <summary>Gets why the configuration cannot be used.</summary>
    public RejectionReason Reason { get; }

    private static string Compose(RejectionReason reason, string? advice)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return advice is null ? reason.Describe() + "." : $"{reason.Describe()}. {advice}";
    }
}
