namespace Compass.Core;

/// <summary>A configuration cannot be used (e.g. its weights do not fit in GPU memory); <see cref="Reason"/> says why, as data.</summary>
public sealed class ConfigurationRejectedException : ArgumentException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="reason">Why the configuration cannot be used.</param>
    /// <param name="message">The message for a user, in the library's terms; <see cref="RejectionReason.Describe"/> when null.</param>
    public ConfigurationRejectedException(RejectionReason reason, string? message = null)
        : base(message ?? (reason ?? throw new ArgumentNullException(nameof(reason))).Describe() + ".") => Reason = reason;

    /// <summary>Gets why the configuration cannot be used.</summary>
    public RejectionReason Reason { get; }
}
