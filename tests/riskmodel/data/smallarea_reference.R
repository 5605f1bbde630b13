# Reference values for riskmodel.smallarea: a logistic model with a random intercept per
# school district (lme4's glmer, Laplace approximation) on the survey package's apiclus2,
# and the empirical best predictor (EBP) of each district's mean probability over apipop's
# schools.
#
#   Rscript tests/riskmodel/data/smallarea_reference.R
#
# Reads apiclus2.csv and apipop.csv (written by designs_reference.R) and writes
# smallarea_reference.json. The EBP of a school is the integral of
# plogis(x'b + u) over u ~ N(mode of the county's effect, its conditional variance) (R's
# ranef(condVar = TRUE)), or over u ~ N(0, sigma^2) for a district with no sampled school,
# computed here by integrate(); the district's EBP is the mean over its schools. The model
# is unweighted (model-based, as sae's and emdi's unit-level models).
suppressPackageStartupMessages(library(lme4))
library(jsonlite)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
s <- read.csv(file.path(here, "apiclus2.csv"), stringsAsFactors = FALSE)
s$stype <- factor(s$stype, levels = c("E", "H", "M"))
fit <- glmer(y ~ ell + meals + mobility + stype + (1 | dnum), data = s, family = binomial,
             control = glmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5)))
re <- ranef(fit, condVar = TRUE)$dnum
mode <- setNames(re[, 1], rownames(re))
cvar <- setNames(as.numeric(attr(re, "postVar")), rownames(re))
sigma <- as.numeric(attr(VarCorr(fit)$dnum, "stddev"))
b <- fixef(fit)
pop <- read.csv(file.path(here, "apipop.csv"), stringsAsFactors = FALSE)
pop <- pop[complete.cases(pop[, c("ell", "meals", "mobility", "stype")]), ]
pop$stype <- factor(pop$stype, levels = c("E", "H", "M"))
X <- model.matrix(~ ell + meals + mobility + stype, pop)
eta <- drop(X %*% b)
ebp_one <- function(e, m, v) {
  integrate(function(u) plogis(e + u) * dnorm(u, m, sqrt(v)), -Inf, Inf,
            rel.tol = 1e-10)$value
}
counties <- c(sort(unique(s$dnum))[1:8], 1, 5, 401)  # 8 sampled districts, 3 not
ebp <- list()
for (cty in counties) {
  idx <- which(pop$dnum == cty)
  if (!length(idx)) next
  m <- if (as.character(cty) %in% names(mode)) mode[[as.character(cty)]] else 0
  v <- if (as.character(cty) %in% names(cvar)) cvar[[as.character(cty)]] else sigma^2
  vals <- vapply(idx, function(i) ebp_one(eta[i], m, v), 0)
  ebp[[as.character(cty)]] <- list(schools = length(idx), sampled = as.character(cty) %in% names(mode), ebp = mean(vals),
                     plug_in = mean(plogis(eta[idx] + m)))
}
out <- list(
  generated_by = "smallarea_reference.R",
  formula = "y ~ ell + meals + mobility + stype + (1 | dnum)",
  terms = sub("^stype(.)$", "stype[\\1]", names(b)),
  estimate = unname(b),
  std_error = unname(sqrt(diag(as.matrix(vcov(fit))))),
  sigma = sigma,
  loglik = as.numeric(logLik(fit)),
  modes = as.list(mode),
  conditional_variances = as.list(cvar),
  ebp = ebp,
  software = list(R = R.version.string, lme4 = as.character(packageVersion("lme4")))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(here, "smallarea_reference.json"))
cat("wrote", file.path(here, "smallarea_reference.json"), "\n")
