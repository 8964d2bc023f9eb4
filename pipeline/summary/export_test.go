package summary

// Slim is slim, for the test that holds it to the summary of full reports.
var Slim = slim
