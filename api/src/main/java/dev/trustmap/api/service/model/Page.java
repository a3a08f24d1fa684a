package dev.trustmap.api.service.model;

import java.util.List;

/** One page of a listing. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
}
