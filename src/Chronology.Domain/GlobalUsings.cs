global using System.Collections.Immutable;
global using Chronology.Domain.Dates;
global using LanguageText = System.Collections.Immutable.ImmutableSortedDictionary<string, string>;
global using LanguageNames = System.Collections.Immutable.ImmutableSortedDictionary<string, System.Collections.Immutable.ImmutableList<string>>;
