using System.Diagnostics.CodeAnalysis;

// The namespace is named after what it holds (importers); VB's 'Imports' keyword does not affect C# or F# callers,
// and VB callers can still refer to it with brackets.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Named after what it holds; VB callers can bracket it.", Scope = "namespace", Target = "~N:Compass.Postgres.Imports")]
