namespace Compass.Kserve.Deployment;

/// <summary>A Kubernetes event about one of a deployment's objects or pods.</summary>
/// <param name="Type"><c>Normal</c> or <c>Warning</c>.</param>
/// <param name="Reason">The reason, e.g. <c>FailedScheduling</c>.</param>
/// <param name="Message">The message.</param>
/// <param name="InvolvedObject">The object it is about, e.g. <c>Pod chat-predictor-0</c>.</param>
/// <param name="Count">How many times it happened.</param>
/// <param name="LastSeen">When it last happened, if known.</param>
public sealed record EventSummary(string Type, string Reason, string Message, string InvolvedObject, int Count, DateTimeOffset? LastSeen);
