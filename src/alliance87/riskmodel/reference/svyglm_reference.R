# Reference values for alliance87.riskmodel.fit, computed with R's survey package.
#
#   Rscript src/alliance87/riskmodel/reference/svyglm_reference.R
#
# Reads design.csv and lonely.csv (made by make_inputs.py, committed beside this script) and
# writes svyglm_reference.json beside it. Every case is
#   svyglm(y ~ age + male + hh_size + educ, design, family = quasibinomial())
# with default glm.control(). Records missing a model variable are removed BEFORE
# svydesign() (listwise deletion of the data, as riskmodel does), not by svyglm's na.action
# (which would keep their PSUs in the design as a domain).
suppressPackageStartupMessages(library(survey))
library(jsonlite)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

vars <- c("y", "age", "male", "hh_size", "educ")
read_input <- function(name) {
  d <- read.csv(file.path(here, name), stringsAsFactors = FALSE)
  d <- d[complete.cases(d[, vars]), ]
  d$educ <- factor(d$educ, levels = c("none", "primary", "secondary"))
  d
}
term_names <- function(nm) {
  nm <- sub("^educ(.+)$", "educ[\\1]", nm)
  nm
}

one_case <- function(d, design_args, lonely = "fail") {
  old <- options(survey.lonely.psu = lonely)
  on.exit(options(old))
  des <- do.call(svydesign, c(design_args, list(data = d)))
  t <- system.time(
    fit <- svyglm(y ~ age + male + hh_size + educ, design = des, family = quasibinomial())
  )
  s <- summary(fit)
  ct <- coef(s)
  ci_t <- confint(fit, ddf = fit$df.residual)
  ci_default <- confint(fit)  # survey 4.x: Wald with t on df.residual unless ddf is given
  ci_normal <- confint(fit, ddf = Inf)
  list(
    records = nrow(d),
    lonely_psu = lonely,
    terms = term_names(rownames(ct)),
    estimate = unname(ct[, 1]),
    std_error = unname(ct[, 2]),
    t_value = unname(ct[, 3]),
    p_value = unname(ct[, 4]),
    ci_low_t = unname(ci_t[, 1]),
    ci_high_t = unname(ci_t[, 2]),
    ci_low_default = unname(ci_default[, 1]),
    ci_high_default = unname(ci_default[, 2]),
    ci_low_normal = unname(ci_normal[, 1]),
    ci_high_normal = unname(ci_normal[, 2]),
    degf = degf(des),
    df_residual = fit$df.residual,
    deviance = fit$deviance,
    null_deviance = fit$null.deviance,
    dispersion = unname(as.numeric(s$dispersion)),
    iterations = fit$iter,
    converged = fit$converged,
    seconds = unname(t[["elapsed"]])
  )
}

design <- read_input("design.csv")
lonely <- read_input("lonely.csv")
cases <- list(
  strata_and_psu = one_case(design, list(ids = ~psu, strata = ~stratum, weights = ~weight)),
  strata_only = one_case(design, list(ids = ~1, strata = ~stratum, weights = ~weight)),
  clusters_only = one_case(design, list(ids = ~psu, weights = ~weight)),
  weights_only = one_case(design, list(ids = ~1, weights = ~weight))
)
for (rule in c("remove", "certainty", "adjust", "average")) {
  cases[[paste0("lonely_", rule)]] <- one_case(
    lonely, list(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE), rule)
}
fail <- tryCatch({
  one_case(lonely, list(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE), "fail")
  "no error"
}, error = function(e) conditionMessage(e))

out <- list(
  generated_by = "svyglm_reference.R",
  formula = "y ~ age + male + hh_size + educ",
  family = "quasibinomial",
  inputs = list(
    strata_and_psu = "design.csv", strata_only = "design.csv", clusters_only = "design.csv",
    weights_only = "design.csv", lonely_remove = "lonely.csv", lonely_certainty = "lonely.csv",
    lonely_adjust = "lonely.csv", lonely_average = "lonely.csv"),
  lonely_fail_message = fail,
  software = list(R = R.version.string, survey = as.character(packageVersion("survey")),
                  jsonlite = as.character(packageVersion("jsonlite"))),
  cases = cases
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(here, "svyglm_reference.json"))
cat("wrote", file.path(here, "svyglm_reference.json"), "\n")
