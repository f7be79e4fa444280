namespace Chronology.Domain.Imports;

/// <summary>One line of an import file, with its number counted from 1 over every line of the file (blank ones too).</summary>
public readonly record struct NumberedLine(int Number, string Text);
