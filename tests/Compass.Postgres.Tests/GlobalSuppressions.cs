using System.Diagnostics.CodeAnalysis;

// Test folders mirror src/Compass.Postgres, whose Imports namespace is named after what it holds.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Mirrors Compass.Postgres.Imports.", Scope = "namespace", Target = "~N:Compass.Postgres.Tests.Imports")]
