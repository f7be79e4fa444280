global using EditResponse = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<Chronology.Api.Records.Editing.EditAnswer>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<Chronology.Api.Records.Editing.EditAnswer>,
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Microsoft.AspNetCore.Mvc.ProblemDetails>>;

// Every command endpoint answers this: 201 with the new record, 200 with the edited one, or a problem.
