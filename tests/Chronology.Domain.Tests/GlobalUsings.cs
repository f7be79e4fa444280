global using Chronology.Domain.Dates;
global using Record = Chronology.Domain.Records.Record;
