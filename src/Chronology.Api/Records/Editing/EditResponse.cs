global using CreateResponse = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<Chronology.Api.Records.Editing.EditAnswer>,
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Microsoft.AspNetCore.Mvc.ProblemDetails>>;
global using EditResponse = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<Chronology.Api.Records.Editing.EditAnswer>,
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Microsoft.AspNetCore.Mvc.ProblemDetails>>;

// What command endpoints answer: creating a record 201 with the new record, every other command 200 with the edited one;
// or a problem.
