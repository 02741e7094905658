namespace Compass.Core;

/// <summary>
/// A note on an extraction that the caller can resolve by setting one field of the request: hosts render it in their own
/// terms (a command-line flag, a JSON field, a form input) next to <see cref="Note"/>. A note that several fields
/// resolve (a list of defaults, say) goes with one hint per field.
/// </summary>
/// <param name="Field">The <see cref="DeploymentIntent"/> field to set, as named in <see cref="IntentFields"/> (or <see cref="IntentFields.AdditionalModels"/>).</param>
/// <param name="Note">The note, as it appears in <see cref="IntentExtraction.Notes"/>.</param>
public sealed record IntentHint(string Field, string Note);
