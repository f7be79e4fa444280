namespace Chronology.Domain.Operations;

/// <summary>
/// A background job's status document: the API stores it queued, in the same transaction as the <see cref="IJobMessage"/>
/// that has a worker run it; the worker moves it on. Its state and figures are what the job's status URL answers.
/// </summary>
public interface IJob<out TJob> where TJob : IJob<TJob>
{
    Guid Id { get; }

    JobState State { get; }

    bool Finished => State is JobState.Done or JobState.Failed;

    TJob Running();

    TJob Done(DateTimeOffset at);

    TJob Failed(string error, DateTimeOffset at);
}
